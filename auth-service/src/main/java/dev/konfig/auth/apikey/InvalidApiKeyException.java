package dev.konfig.auth.apikey;

import dev.konfig.platform.web.UnauthorizedException;

/** Unknown, revoked and expired keys answer the same. */
class InvalidApiKeyException extends UnauthorizedException {

	InvalidApiKeyException() {
		super("The API key is invalid, revoked or expired");
	}

}

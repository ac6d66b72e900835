package dev.konfig.auth.session;

import dev.konfig.platform.web.UnauthorizedException;

/** Unknown, expired, revoked or already used refresh token. */
class InvalidRefreshTokenException extends UnauthorizedException {

	InvalidRefreshTokenException() {
		super("The refresh token is invalid or expired");
	}

}

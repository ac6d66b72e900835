package dev.konfig.auth.apikey;

import dev.konfig.platform.web.NotFoundException;

/** No such API key in the caller's organization. */
class ApiKeyNotFoundException extends NotFoundException {

	ApiKeyNotFoundException() {
		super("API key not found");
	}

}

package dev.konfig.auth.session;

import dev.konfig.platform.web.UnauthorizedException;

/** Wrong password and unknown email answer exactly the same. */
class InvalidCredentialsException extends UnauthorizedException {

	InvalidCredentialsException() {
		super("Invalid email or password");
	}

}

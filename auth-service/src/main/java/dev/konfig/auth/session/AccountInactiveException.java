package dev.konfig.auth.session;

import dev.konfig.platform.web.ForbiddenException;

/** The user's membership or the organization is deactivated. */
class AccountInactiveException extends ForbiddenException {

	AccountInactiveException(String detail) {
		super(detail);
	}

}

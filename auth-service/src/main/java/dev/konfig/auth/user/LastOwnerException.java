package dev.konfig.auth.user;

import dev.konfig.platform.web.ConflictException;

/** The change would leave the organization without an active owner. */
class LastOwnerException extends ConflictException {

	LastOwnerException() {
		super("The organization must keep at least one active owner");
	}

}

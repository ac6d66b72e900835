package dev.konfig.auth.session;

import dev.konfig.platform.web.ConflictException;

/** tenant-service already has an organization of this name. */
class OrganizationNameTakenException extends ConflictException {

	OrganizationNameTakenException() {
		super("An organization with this name already exists");
	}

}

package dev.konfig.tenant.organization;

import java.util.UUID;

import dev.konfig.platform.web.ConflictException;

/** An internal create named an id that already belongs to a differently named organization. */
class OrganizationIdTakenException extends ConflictException {

	OrganizationIdTakenException(UUID id) {
		super("Organization '" + id + "' already exists with another name");
	}

}

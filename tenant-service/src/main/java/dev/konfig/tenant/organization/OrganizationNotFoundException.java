package dev.konfig.tenant.organization;

import java.util.UUID;

import dev.konfig.platform.web.NotFoundException;

/** Unknown, or not one of the caller's organizations: both answer the same 404. */
class OrganizationNotFoundException extends NotFoundException {

	OrganizationNotFoundException(UUID id) {
		super("Organization", id);
	}

}

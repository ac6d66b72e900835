package dev.konfig.tenant.organization;

import dev.konfig.platform.web.ServiceUnavailableException;

/** The owner could not be recorded, so the organization was not created. */
class OrganizationCreationFailedException extends ServiceUnavailableException {

	OrganizationCreationFailedException() {
		super("The organization could not be created because auth-service is unavailable; try again shortly");
	}

}

package dev.konfig.tenant.organization;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A logged-in user creates an organization and becomes its owner. */
record CreateOrganizationRequest(@NotBlank @Size(max = 255) String name,
		@Size(max = OrganizationRequests.DESCRIPTION_MAX) String description) {

	CreateOrganizationRequest {
		name = OrganizationRequests.trim(name);
	}

}

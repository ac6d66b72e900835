package dev.konfig.tenant.organization;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * auth-service's create during registration. It chooses the id, so a retried request is
 * recognised; without one the service chooses.
 */
record InternalOrganizationRequest(UUID id, @NotBlank @Size(max = 255) String name,
		@Size(max = OrganizationRequests.DESCRIPTION_MAX) String description) {

	InternalOrganizationRequest {
		name = OrganizationRequests.trim(name);
	}

}

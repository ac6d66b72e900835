package dev.konfig.tenant.organization;

import java.util.UUID;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * auth-service's create during registration. It chooses the id, so a retried request is
 * recognised; without one the service chooses. The importer also names where the organization
 * comes from ({@code imported_from}), whether it is active and when it was created.
 */
record InternalOrganizationRequest(UUID id, @NotBlank @Size(max = 255) String name,
		@Size(max = OrganizationRequests.DESCRIPTION_MAX) String description,
		@Pattern(regexp = "[a-z]{1,32}") String importedFrom, Boolean isActive, Instant createdAt) {

	InternalOrganizationRequest(UUID id, String name, String description) {
		this(id, name, description, null, null, null);
	}

	InternalOrganizationRequest {
		name = OrganizationRequests.trim(name);
	}

}

package dev.konfig.tenant.organization;

import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * A partial change: absent fields stay as they are; {@code settings} is merged key by key
 * into the stored object (a key set to null is removed). Settings stay a tree here so a
 * non-object is reported as a field error, not as unreadable JSON.
 */
record UpdateOrganizationRequest(@Size(min = 1, max = 255) String name,
		@Size(max = OrganizationRequests.DESCRIPTION_MAX) String description, JsonNode settings) {

	UpdateOrganizationRequest {
		name = OrganizationRequests.trim(name);
	}

}

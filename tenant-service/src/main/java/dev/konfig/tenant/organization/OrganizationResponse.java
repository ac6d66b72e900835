package dev.konfig.tenant.organization;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An organization as every API answers it. */
record OrganizationResponse(UUID id, String name, String description, Map<String, Object> settings,
		Instant createdAt, Instant updatedAt) {
}

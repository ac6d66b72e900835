package dev.konfig.tenant.organization;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An organization as every API answers it. {@code status} ({@code active} or {@code inactive})
 * is the organization's state; {@code settings.is_active} still shows it for older clients.
 */
public record OrganizationResponse(UUID id, String name, String description, String status, Map<String, Object> settings,
		Instant createdAt, Instant updatedAt) {
}

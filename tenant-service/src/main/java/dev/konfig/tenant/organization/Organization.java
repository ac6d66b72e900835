package dev.konfig.tenant.organization;

import java.time.Instant;
import java.util.UUID;

/** An organization row; {@code settings} is the stored JSON object as text. */
record Organization(UUID id, String name, String description, String settings, Instant createdAt,
		Instant updatedAt) {
}

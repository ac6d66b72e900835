package dev.konfig.tenant.organization;

import java.time.Instant;
import java.util.UUID;

/**
 * An organization row; {@code settings} is the stored JSON object as text, {@code version}
 * counts its changes (the database bumps it on every update).
 */
record Organization(UUID id, String name, String description, String settings, OrganizationStatus status,
		long version, Instant createdAt, Instant updatedAt) {

	boolean active() {
		return this.status == OrganizationStatus.ACTIVE;
	}

}

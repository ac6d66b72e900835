package dev.konfig.audit.chain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.lang.Nullable;

import dev.konfig.platform.web.Tenancy;

/**
 * An event about to be chained. {@code eventData} is JSON text; the chain hashes the form
 * PostgreSQL's {@code jsonb} gives it back, so verification reads exactly what was hashed.
 */
public record NewEvent(UUID id, UUID organizationId, Instant occurredAt, String eventType,
		@Nullable String entityType, @Nullable String entityId, @Nullable String actorId, @Nullable String actorType,
		@Nullable String ipAddress, @Nullable String userAgent, @Nullable String requestId, String outcome,
		String eventData) {

	public NewEvent {
		// PostgreSQL keeps microseconds; hashing more precision would break verification.
		occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
		// Events of no organization (a failed login for an unknown email) share the nil UUID's chain.
		organizationId = Tenancy.organizationOrNone(organizationId);
	}

}

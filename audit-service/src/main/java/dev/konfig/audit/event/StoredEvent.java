package dev.konfig.audit.event;

import java.time.Instant;
import java.util.UUID;

/** A row of the {@code events} table; {@code eventData} is the jsonb's text. */
record StoredEvent(UUID id, UUID organizationId, long sequence, Instant occurredAt, Instant recordedAt,
		String eventType, String entityType, String entityId, String actorId, String actorType, String ipAddress,
		String userAgent, String requestId, String outcome, String eventData, String hash) {
}

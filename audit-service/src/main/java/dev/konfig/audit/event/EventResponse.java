package dev.konfig.audit.event;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One event as readers see it; {@code actor} is null when nobody was authenticated. */
public record EventResponse(UUID id, UUID organizationId, long sequence, Instant occurredAt, Instant recordedAt,
		String eventType, String entityType, String entityId, Actor actor, String ipAddress, String userAgent,
		String requestId, String outcome, JsonNode eventData, String hash) {

	record Actor(String id, String type) {
	}

	static EventResponse of(StoredEvent event, JsonMapper json) {
		return new EventResponse(event.id(), event.organizationId(), event.sequence(), event.occurredAt(),
				event.recordedAt(), event.eventType(), event.entityType(), event.entityId(),
				event.actorId() == null ? null : new Actor(event.actorId(), event.actorType()), event.ipAddress(),
				event.userAgent(), event.requestId(), event.outcome(), json.readTree(event.eventData()), event.hash());
	}

}

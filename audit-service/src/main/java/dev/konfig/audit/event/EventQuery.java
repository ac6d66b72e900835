package dev.konfig.audit.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters of the list and the export, always within one organization.
 *
 * @param eventTypePrefix events whose type starts with this ({@code config.} or {@code config.updated})
 * @param from inclusive lower bound of {@code occurred_at}
 * @param to exclusive upper bound of {@code occurred_at}
 */
record EventQuery(UUID organizationId, String eventTypePrefix, String entityType, String entityId, String actorId,
		Instant from, Instant to) {
}

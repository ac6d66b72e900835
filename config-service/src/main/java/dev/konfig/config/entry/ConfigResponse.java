package dev.konfig.config.entry;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** A config as clients see it; a secret's value is {@code "********"} unless revealed. */
record ConfigResponse(UUID id, UUID namespaceId, String key, JsonNode value, ValueType valueType,
		ValidationSchema validationSchema, String description, boolean isSecret, long version, Instant createdAt,
		Instant updatedAt, String updatedBy) {
}

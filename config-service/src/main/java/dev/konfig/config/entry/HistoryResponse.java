package dev.konfig.config.entry;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One change of a config. A secret's value is always masked here; a delete has no value.
 *
 * @param actorId the user or API key that made the change
 * @param actorType {@code user} or {@code api_key}
 */
record HistoryResponse(long version, String changeType, JsonNode value, String valueType, boolean isSecret,
		String actorId, String actorType, Instant changedAt, long namespaceRevision) {

}

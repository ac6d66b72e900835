package dev.konfig.config.watch;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One change, as the event stream sends it (the SSE id is {@code namespaceRevision}). A secret's
 * value is always masked here, like in the history; a delete has no value.
 */
record WatchEvent(String key, long version, String changeType, JsonNode value, String valueType, boolean isSecret,
		long namespaceRevision, String actorId, String actorType, Instant changedAt) {
}

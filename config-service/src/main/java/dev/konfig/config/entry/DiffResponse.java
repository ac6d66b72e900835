package dev.konfig.config.entry;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/** What changed in a config's value between two versions; see {@link JsonDiff}. */
record DiffResponse(String key, long fromVersion, long toVersion, Map<String, JsonNode> added,
		Map<String, JsonNode> removed, Map<String, JsonDiff.Change> changed) {
}

package dev.konfig.config.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * The difference between two JSON documents as {added, removed, changed}, each keyed by a JSON
 * Pointer (RFC 6901): objects are compared member by member, arrays element by element, and
 * anything else (or a change of kind) as one changed value at its pointer; {@code ""} is the
 * whole document.
 */
record JsonDiff(Map<String, JsonNode> added, Map<String, JsonNode> removed, Map<String, Change> changed) {

	record Change(JsonNode from, JsonNode to) {
	}

	static JsonDiff between(JsonNode from, JsonNode to) {
		JsonDiff diff = new JsonDiff(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
		diff.compare("", from, to);
		return diff;
	}

	private void compare(String pointer, JsonNode from, JsonNode to) {
		if (from.isObject() && to.isObject()) {
			TreeSet<String> names = new TreeSet<>(from.propertyNames());
			names.addAll(to.propertyNames());
			for (String name : names) {
				String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
				if (!to.has(name)) {
					this.removed.put(child, from.get(name));
				}
				else if (!from.has(name)) {
					this.added.put(child, to.get(name));
				}
				else {
					compare(child, from.get(name), to.get(name));
				}
			}
		}
		else if (from.isArray() && to.isArray()) {
			for (int i = 0; i < Math.max(from.size(), to.size()); i++) {
				String child = pointer + "/" + i;
				if (i >= to.size()) {
					this.removed.put(child, from.get(i));
				}
				else if (i >= from.size()) {
					this.added.put(child, to.get(i));
				}
				else {
					compare(child, from.get(i), to.get(i));
				}
			}
		}
		else if (!from.equals(to)) {
			this.changed.put(pointer, new Change(from, to));
		}
	}

}

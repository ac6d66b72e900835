package dev.konfig.config.namespace;

import dev.konfig.platform.web.KeysetCursor;

/**
 * Position after the last namespace of a page. Names are unique per organization, so the name
 * alone orders the list.
 */
record NamespaceCursor(String name) {

	String encode() {
		return KeysetCursor.encode(this.name);
	}

	static NamespaceCursor decode(String cursor) {
		String name = KeysetCursor.decode(cursor, 1).get(0);
		if (!name.matches(NamespaceRequests.NAME_PATTERN)) {
			throw KeysetCursor.invalid();
		}
		return new NamespaceCursor(name);
	}

}

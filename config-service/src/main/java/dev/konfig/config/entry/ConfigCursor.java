package dev.konfig.config.entry;

import dev.konfig.platform.web.KeysetCursor;

/** List positions: the last key (configs) or the last version (history). */
final class ConfigCursor {

	private ConfigCursor() {
	}

	static String encode(String position) {
		return KeysetCursor.encode(position);
	}

	static String key(String cursor) {
		String key = KeysetCursor.decode(cursor, 1).get(0);
		if (!key.matches(ConfigRequests.KEY_PATTERN)) {
			throw KeysetCursor.invalid();
		}
		return key;
	}

	static long version(String cursor) {
		try {
			return Long.parseLong(KeysetCursor.decode(cursor, 1).get(0));
		}
		catch (NumberFormatException ex) {
			throw KeysetCursor.invalid();
		}
	}

}

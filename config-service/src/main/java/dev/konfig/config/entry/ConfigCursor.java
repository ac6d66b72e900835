package dev.konfig.config.entry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque list positions: base64url of the last key (configs) or the last version (history). */
final class ConfigCursor {

	private ConfigCursor() {
	}

	static String encode(String position) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
	}

	static String key(String cursor) {
		String key = decode(cursor);
		if (!key.matches(ConfigRequests.KEY_PATTERN)) {
			throw invalid();
		}
		return key;
	}

	static long version(String cursor) {
		try {
			return Long.parseLong(decode(cursor));
		}
		catch (NumberFormatException ex) {
			throw invalid();
		}
	}

	private static String decode(String cursor) {
		try {
			return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	private static InvalidConfigRequestException invalid() {
		return new InvalidConfigRequestException("cursor", "is not a cursor this list returned");
	}

}

package dev.konfig.config.namespace;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Position after the last namespace of a page. Names are unique per organization, so the name
 * alone orders the list; clients see base64url of it.
 */
record NamespaceCursor(String name) {

	String encode() {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(this.name.getBytes(StandardCharsets.UTF_8));
	}

	static NamespaceCursor decode(String cursor) {
		try {
			String name = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (!name.matches(NamespaceRequests.NAME_PATTERN)) {
				throw new IllegalArgumentException("not a name");
			}
			return new NamespaceCursor(name);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidNamespaceRequestException("cursor", "is not a cursor this list returned");
		}
	}

}

package dev.konfig.tenant.organization;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Position after the last organization of a page, in the list's (name, id) order. Opaque to
 * clients: base64url of the id and the name.
 */
record OrganizationCursor(String name, UUID id) {

	private static final int UUID_LENGTH = 36;

	String encode() {
		String raw = this.id + this.name;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
	}

	static OrganizationCursor of(Organization last) {
		return new OrganizationCursor(last.name(), last.id());
	}

	static OrganizationCursor decode(String cursor) {
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (raw.length() <= UUID_LENGTH) {
				throw new IllegalArgumentException("too short");
			}
			return new OrganizationCursor(raw.substring(UUID_LENGTH), UUID.fromString(raw.substring(0, UUID_LENGTH)));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidOrganizationRequestException("cursor", "is not a cursor this list returned");
		}
	}

}

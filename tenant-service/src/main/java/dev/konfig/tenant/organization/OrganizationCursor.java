package dev.konfig.tenant.organization;

import java.util.List;
import java.util.UUID;

import dev.konfig.platform.web.KeysetCursor;

/** Position after the last organization of a page, in the list's (name, id) order. */
record OrganizationCursor(String name, UUID id) {

	String encode() {
		return KeysetCursor.encode(this.id, this.name);
	}

	static OrganizationCursor of(Organization last) {
		return new OrganizationCursor(last.name(), last.id());
	}

	static OrganizationCursor decode(String cursor) {
		List<String> parts = KeysetCursor.decode(cursor, 2);
		try {
			return new OrganizationCursor(parts.get(1), UUID.fromString(parts.get(0)));
		}
		catch (IllegalArgumentException ex) {
			throw KeysetCursor.invalid();
		}
	}

}

package dev.konfig.auth.admin;

import java.util.List;
import java.util.UUID;

import dev.konfig.platform.web.KeysetCursor;

/** Position after the last user of a page, in (lower(email), id) order. */
record AdminUserCursor(String email, UUID id) {

	static AdminUserCursor of(AdminUserRecords.UserRow user) {
		return new AdminUserCursor(user.emailKey(), user.id());
	}

	String encode() {
		return KeysetCursor.encode(this.email, this.id);
	}

	static AdminUserCursor decode(String cursor) {
		List<String> parts = KeysetCursor.decode(cursor, 2);
		if (parts == null) {
			return null;
		}
		try {
			return new AdminUserCursor(parts.get(0), UUID.fromString(parts.get(1)));
		}
		catch (IllegalArgumentException ex) {
			throw KeysetCursor.invalid();
		}
	}

}

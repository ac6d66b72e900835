package dev.konfig.tenant.shop;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.konfig.platform.web.KeysetCursor;

/** Position after the last shop of a page, in the list's (lower(name), id) order. */
record ShopCursor(String lowerName, UUID id) {

	String encode() {
		return KeysetCursor.encode(this.id, this.lowerName);
	}

	static ShopCursor of(Shop last) {
		return new ShopCursor(last.name().toLowerCase(Locale.ROOT), last.id());
	}

	static ShopCursor decode(String cursor) {
		List<String> parts = KeysetCursor.decode(cursor, 2);
		try {
			return new ShopCursor(parts.get(1), UUID.fromString(parts.get(0)));
		}
		catch (IllegalArgumentException ex) {
			throw KeysetCursor.invalid();
		}
	}

}

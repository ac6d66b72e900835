package dev.konfig.print.printer;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.konfig.platform.web.KeysetCursor;

/** Position after the last printer of a page, in the list's (default first, lower(name), id) order. */
record PrinterCursor(boolean isDefault, String lowerName, UUID id) {

	String encode() {
		return KeysetCursor.encode(this.id, this.isDefault ? "1" : "0", this.lowerName);
	}

	static PrinterCursor of(Printer last) {
		return new PrinterCursor(last.isDefault(), last.name().toLowerCase(Locale.ROOT), last.id());
	}

	static PrinterCursor decode(String cursor) {
		List<String> parts = KeysetCursor.decode(cursor, 3);
		try {
			return new PrinterCursor("1".equals(parts.get(1)), parts.get(2), UUID.fromString(parts.get(0)));
		}
		catch (IllegalArgumentException ex) {
			throw KeysetCursor.invalid();
		}
	}

}

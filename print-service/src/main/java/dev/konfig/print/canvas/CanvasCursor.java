package dev.konfig.print.canvas;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.konfig.platform.web.KeysetCursor;

/** Position after the last config of a page, in (lower(name), id) order. */
record CanvasCursor(String lowerName, UUID id) {

	String encode() {
		return KeysetCursor.encode(this.id, this.lowerName);
	}

	static CanvasCursor of(CanvasConfig last) {
		return new CanvasCursor(last.name().toLowerCase(Locale.ROOT), last.id());
	}

	static CanvasCursor decode(String cursor) {
		List<String> parts = KeysetCursor.decode(cursor, 2);
		try {
			return new CanvasCursor(parts.get(1), UUID.fromString(parts.get(0)));
		}
		catch (IllegalArgumentException ex) {
			throw KeysetCursor.invalid();
		}
	}

}

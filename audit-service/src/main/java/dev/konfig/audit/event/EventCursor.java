package dev.konfig.audit.event;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import dev.konfig.platform.web.KeysetCursor;

/** Position after the last event of a page, in the list's (occurred_at, id) descending order. */
record EventCursor(Instant occurredAt, UUID id) {

	String encode() {
		return KeysetCursor.encode(this.occurredAt, this.id);
	}

	static EventCursor decode(String cursor) {
		List<String> parts = KeysetCursor.decode(cursor, 2);
		if (parts == null) {
			return null;
		}
		try {
			return new EventCursor(Instant.parse(parts.get(0)), UUID.fromString(parts.get(1)));
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			throw KeysetCursor.invalid();
		}
	}

}

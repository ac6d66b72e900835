package dev.konfig.file.file;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import dev.konfig.platform.web.KeysetCursor;

/** Position after the last file of a page: newest first, ties broken by id. */
public record FileCursor(Instant createdAt, UUID id) {

	public String encode() {
		return KeysetCursor.encode(this.createdAt, this.id);
	}

	public static FileCursor of(StoredFile file) {
		return new FileCursor(file.createdAt(), file.id());
	}

	public static FileCursor decode(String cursor) {
		List<String> parts = KeysetCursor.decode(cursor, 2);
		try {
			return new FileCursor(Instant.parse(parts.get(0)), UUID.fromString(parts.get(1)));
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			throw KeysetCursor.invalid();
		}
	}

}

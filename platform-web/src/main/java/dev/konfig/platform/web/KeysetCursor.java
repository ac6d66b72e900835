package dev.konfig.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code next_cursor} of keyset-paged lists: the sort key of a page's last row, opaque to
 * clients (base64url). A cursor that does not decode to the expected number of parts is the
 * client's mistake, answered 400.
 */
public final class KeysetCursor {

	// A unit separator cannot occur in names that went through validation.
	private static final String SEPARATOR = "\u001F";

	private KeysetCursor() {
	}

	public static String encode(Object... parts) {
		StringBuilder raw = new StringBuilder();
		for (int i = 0; i < parts.length; i++) {
			if (i > 0) {
				raw.append(SEPARATOR);
			}
			raw.append(parts[i]);
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** A cursor of one id; {@code null} for no cursor (the first page). */
	public static java.util.UUID decodeId(String cursor) {
		List<String> parts = decode(cursor, 1);
		if (parts == null) {
			return null;
		}
		try {
			return java.util.UUID.fromString(parts.get(0));
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/**
	 * A cursor of a time and an id, for lists ordered by a timestamp and then the row's id
	 * (either direction); {@code null} for no cursor (the first page).
	 */
	public static TimeAndId decodeTimeAndId(String cursor) {
		List<String> parts = decode(cursor, 2);
		if (parts == null) {
			return null;
		}
		try {
			return new TimeAndId(java.time.Instant.parse(parts.get(0)), java.util.UUID.fromString(parts.get(1)));
		}
		catch (java.time.format.DateTimeParseException | IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/** The cursor's parts; {@code null} for no cursor (the first page). */
	public static List<String> decode(String cursor, int parts) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			List<String> decoded = List.of(raw.split(Pattern.quote(SEPARATOR), -1));
			if (decoded.size() != parts) {
				throw new IllegalArgumentException("expected " + parts + " parts");
			}
			return decoded;
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	/** The 400 for a cursor this list did not issue, for a list's own checks of the decoded parts. */
	public static BadRequestException invalid() {
		return new BadRequestException("The cursor is not one this list returned",
				List.of(new FieldViolation("cursor", "is not a cursor this list returned")));
	}

	/**
	 * The sort key of a row in a list ordered by a time, then an id.
	 *
	 * @param time the row's timestamp (kept to the microsecond PostgreSQL stores)
	 * @param id the row's id, which breaks ties
	 */
	public record TimeAndId(java.time.Instant time, java.util.UUID id) {

		public String encode() {
			return KeysetCursor.encode(this.time, this.id);
		}

	}

}

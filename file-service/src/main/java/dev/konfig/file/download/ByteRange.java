package dev.konfig.file.download;

import java.util.Locale;

import org.springframework.lang.Nullable;

/**
 * The one byte range a {@code Range} header asks for, against a file of a known size. One range
 * only (as S3): several ranges, or a header that cannot be read, mean the whole file; a range
 * starting at or beyond the end cannot be satisfied (416).
 *
 * @param start first byte, inclusive
 * @param end last byte, inclusive
 */
record ByteRange(long start, long end) {

	/** What a {@code Range} header means for a file of {@code size} bytes. */
	sealed interface Answer permits Whole, Partial, Unsatisfiable {
	}

	/** Send the whole file (200). */
	record Whole() implements Answer {
	}

	/** Send this range (206). */
	record Partial(ByteRange range) implements Answer {
	}

	/** Nothing of the file is in the range (416). */
	record Unsatisfiable() implements Answer {
	}

	long length() {
		return this.end - this.start + 1;
	}

	static Answer parse(@Nullable String header, long size) {
		if (header == null || header.isBlank()) {
			return new Whole();
		}
		String value = header.strip();
		int equals = value.indexOf('=');
		if (equals < 0 || !value.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
			return new Whole();
		}
		String spec = value.substring(equals + 1).strip();
		if (spec.isEmpty() || spec.indexOf(',') >= 0) {
			return new Whole();
		}
		int dash = spec.indexOf('-');
		if (dash < 0) {
			return new Whole();
		}
		String first = spec.substring(0, dash).strip();
		String last = spec.substring(dash + 1).strip();
		try {
			if (first.isEmpty()) {
				if (!digits(last)) {
					return new Whole();
				}
				long suffix = Long.parseLong(last);
				if (suffix == 0) {
					return new Unsatisfiable();
				}
				return new Partial(new ByteRange(Math.max(0, size - suffix), size - 1));
			}
			if (!digits(first) || (!last.isEmpty() && !digits(last))) {
				return new Whole();
			}
			long start = Long.parseLong(first);
			if (!last.isEmpty() && Long.parseLong(last) < start) {
				return new Whole();
			}
			if (start >= size) {
				return new Unsatisfiable();
			}
			long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
			return new Partial(new ByteRange(start, end));
		}
		catch (NumberFormatException tooLong) {
			return new Whole();
		}
	}

	private static boolean digits(String text) {
		if (text.isEmpty()) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) < '0' || text.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

}

package dev.konfig.file.file;

import java.text.Normalizer;

/**
 * Display names from what clients send (FS-12). Neither the display name nor the original name
 * ever reaches the file system: paths are built from ids.
 */
public final class FileNames {

	public static final int MAX_LENGTH = 255;

	public static final int MAX_ORIGINAL_LENGTH = 1024;

	/** Longest suffix kept as an extension when a long name is cut. */
	private static final int MAX_EXTENSION = 16;

	public static final String UNNAMED = "unnamed";

	private FileNames() {
	}

	/**
	 * The display name: the last path segment (after {@code /} or {@code \}), NFC, without
	 * control characters, surrounding whitespace or trailing dots, cut to 255 characters keeping
	 * the extension; {@value #UNNAMED} when nothing is left, or for {@code .} and {@code ..}.
	 */
	public static String display(String given) {
		if (given == null) {
			return UNNAMED;
		}
		String name = withoutControls(Normalizer.normalize(given, Normalizer.Form.NFC));
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		name = name.substring(slash + 1).strip();
		int end = name.length();
		while (end > 0 && name.charAt(end - 1) == '.') {
			end--;
		}
		name = name.substring(0, end).strip();
		if (name.isEmpty()) {
			return UNNAMED;
		}
		return cut(name);
	}

	/** The name as given, without control characters, at most 1024 characters. */
	public static String original(String given) {
		if (given == null || given.isEmpty()) {
			return UNNAMED;
		}
		String name = withoutControls(given);
		if (name.isEmpty()) {
			return UNNAMED;
		}
		return prefix(name, MAX_ORIGINAL_LENGTH);
	}

	private static String cut(String name) {
		if (name.codePointCount(0, name.length()) <= MAX_LENGTH) {
			return name;
		}
		int dot = name.lastIndexOf('.');
		String extension = (dot > 0 && name.length() - dot <= MAX_EXTENSION) ? name.substring(dot) : "";
		int room = MAX_LENGTH - extension.codePointCount(0, extension.length());
		return prefix(name.substring(0, name.length() - extension.length()), room).strip() + extension;
	}

	/** The first {@code count} code points, never splitting a surrogate pair. */
	private static String prefix(String text, int count) {
		if (text.codePointCount(0, text.length()) <= count) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, count));
	}

	static String withoutControls(String text) {
		StringBuilder kept = new StringBuilder(text.length());
		// Lone surrogates too: they cannot be stored as UTF-8.
		text.codePoints()
			.filter(c -> !(c <= 0x1F || (c >= 0x7F && c <= 0x9F) || (c >= 0xD800 && c <= 0xDFFF)))
			.forEach(kept::appendCodePoint);
		return kept.toString();
	}

}

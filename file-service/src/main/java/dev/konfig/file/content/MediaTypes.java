package dev.konfig.file.content;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The media type of a file from its first bytes (FS-6): PNG, JPEG, GIF, WebP, TIFF, PDF, PSD,
 * ZIP and SVG; anything else is {@value #OCTET_STREAM}. The client's declared type is never
 * consulted.
 */
public final class MediaTypes {

	public static final String PNG = "image/png";

	public static final String JPEG = "image/jpeg";

	public static final String GIF = "image/gif";

	public static final String WEBP = "image/webp";

	public static final String TIFF = "image/tiff";

	public static final String PDF = "application/pdf";

	public static final String PSD = "image/vnd.adobe.photoshop";

	public static final String ZIP = "application/zip";

	public static final String SVG = "image/svg+xml";

	public static final String OCTET_STREAM = "application/octet-stream";

	/** How far into a text file the first element of an SVG may start. */
	static final int SVG_WINDOW = 4096;

	private MediaTypes() {
	}

	/** The type the bytes show; {@code head} is the file's first bytes (4 KiB are enough). */
	public static String detect(byte[] head) {
		if (startsWith(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
			return PNG;
		}
		if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
			return JPEG;
		}
		if (startsWith(head, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 'G', 'I', 'F', '8', '9', 'a')) {
			return GIF;
		}
		if (head.length >= 12 && startsWith(head, 'R', 'I', 'F', 'F') && head[8] == 'W' && head[9] == 'E'
				&& head[10] == 'B' && head[11] == 'P') {
			return WEBP;
		}
		if (startsWith(head, 'I', 'I', 0x2A, 0x00) || startsWith(head, 'M', 'M', 0x00, 0x2A)) {
			return TIFF;
		}
		if (startsWith(head, '%', 'P', 'D', 'F', '-')) {
			return PDF;
		}
		if (startsWith(head, '8', 'B', 'P', 'S')) {
			return PSD;
		}
		if (startsWith(head, 'P', 'K', 0x03, 0x04)) {
			return ZIP;
		}
		if (isSvg(head)) {
			return SVG;
		}
		return OCTET_STREAM;
	}

	/** Types that may be shown inline in a browser (?disposition=inline). */
	public static boolean inlineable(String mediaType) {
		return PNG.equals(mediaType) || JPEG.equals(mediaType) || GIF.equals(mediaType) || WEBP.equals(mediaType)
				|| PDF.equals(mediaType);
	}

	/**
	 * UTF-8 text whose first element, after an optional byte order mark, XML declaration,
	 * comments, processing instructions and doctype, is {@code <svg}.
	 */
	static boolean isSvg(byte[] head) {
		int length = Math.min(head.length, SVG_WINDOW);
		String text = new String(head, 0, length, StandardCharsets.UTF_8);
		int i = text.startsWith("\uFEFF") ? 1 : 0;
		int steps = 0;
		while (i < text.length() && steps++ < 256) {
			char c = text.charAt(i);
			if (Character.isWhitespace(c)) {
				i++;
				continue;
			}
			if (c != '<') {
				return false;
			}
			if (text.startsWith("<?", i)) {
				int end = text.indexOf("?>", i + 2);
				if (end < 0) {
					return false;
				}
				i = end + 2;
			}
			else if (text.startsWith("<!--", i)) {
				int end = text.indexOf("-->", i + 4);
				if (end < 0) {
					return false;
				}
				i = end + 3;
			}
			else if (text.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
				int end = doctypeEnd(text, i + 9);
				if (end < 0) {
					return false;
				}
				i = end + 1;
			}
			else {
				String rest = text.substring(i + 1, Math.min(text.length(), i + 5)).toLowerCase(Locale.ROOT);
				return rest.startsWith("svg") && (rest.length() == 3 || !Character.isLetterOrDigit(rest.charAt(3))
						&& rest.charAt(3) != '-' && rest.charAt(3) != ':' && rest.charAt(3) != '_');
			}
		}
		return false;
	}

	/** The {@code >} closing a doctype, past an internal subset in brackets. */
	private static int doctypeEnd(String text, int from) {
		int depth = 0;
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '[') {
				depth++;
			}
			else if (c == ']') {
				depth--;
			}
			else if (c == '>' && depth <= 0) {
				return i;
			}
		}
		return -1;
	}

	private static boolean startsWith(byte[] bytes, int... prefix) {
		if (bytes.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((bytes[i] & 0xFF) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}

package dev.konfig.platform.web;

import java.util.ArrayList;
import java.util.List;

import org.springframework.lang.Nullable;

/**
 * One entity tag of an {@code ETag}, {@code If-Match} or {@code If-None-Match} header (RFC 9110
 * §8.8.3): an opaque value in double quotes, weak when prefixed {@code W/}; {@link #ANY} is the
 * {@code *} of a precondition.
 *
 * @param value the tag without quotes or {@code W/}
 * @param weak whether the tag was sent weak
 */
public record EntityTag(String value, boolean weak) {

	/** The {@code *} of {@code If-Match: *} and {@code If-None-Match: *}. */
	public static final EntityTag ANY = new EntityTag("*", false);

	public EntityTag {
		if (value == null || value.indexOf('"') >= 0) {
			throw new IllegalArgumentException("An entity tag's value cannot hold a double quote");
		}
	}

	public static EntityTag strong(String value) {
		return new EntityTag(value, false);
	}

	public static EntityTag weak(String value) {
		return new EntityTag(value, true);
	}

	public boolean isAny() {
		return this == ANY || (!this.weak && "*".equals(this.value));
	}

	/**
	 * Weak comparison (what {@code If-None-Match} uses): equal values, whether weak or not;
	 * {@code *} matches any tag.
	 */
	public boolean weaklyMatches(EntityTag current) {
		return isAny() || this.value.equals(current.value);
	}

	/**
	 * Strong comparison (what {@code If-Match} uses): equal values and neither tag weak;
	 * {@code *} matches any tag.
	 */
	public boolean stronglyMatches(EntityTag current) {
		return isAny() || (!this.weak && !current.weak && this.value.equals(current.value));
	}

	/** The header form: {@code "v"}, {@code W/"v"} or {@code *}. */
	@Override
	public String toString() {
		return isAny() ? "*" : (this.weak ? "W/\"" : "\"") + this.value + "\"";
	}

	/**
	 * The tags of a list header ({@code "a", W/"b"}) in order; a lone {@code *} gives
	 * {@link #ANY}. Members that are not entity tags (unquoted, half quoted) are skipped: they
	 * can match nothing. An absent or blank header gives an empty list.
	 */
	public static List<EntityTag> parseList(@Nullable String header) {
		List<EntityTag> tags = new ArrayList<>();
		if (header == null || header.isBlank()) {
			return tags;
		}
		int i = 0;
		int length = header.length();
		while (i < length) {
			char c = header.charAt(i);
			if (c == ',' || c == ' ' || c == '\t') {
				i++;
				continue;
			}
			if (c == '*') {
				tags.add(ANY);
				i++;
				continue;
			}
			boolean weak = header.startsWith("W/", i);
			int open = weak ? i + 2 : i;
			if (open < length && header.charAt(open) == '"') {
				int close = header.indexOf('"', open + 1);
				if (close < 0) {
					break;
				}
				tags.add(new EntityTag(header.substring(open + 1, close), weak));
				i = close + 1;
				continue;
			}
			// Not a tag: skip to the next list member.
			int comma = header.indexOf(',', i);
			i = (comma < 0) ? length : comma + 1;
		}
		return tags;
	}

}

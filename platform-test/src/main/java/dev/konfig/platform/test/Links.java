package dev.konfig.platform.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.lang.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads the next page of a list the way a client does: from the {@code Link} header's
 * {@code rel="next"} target (RFC 8288), which platform-web writes on every page but the last.
 * One parser for every test, so a test checks what the suite writes rather than its own idea of
 * it; it is strict (a malformed header or two next links fail the test) because a client would
 * not know which page to follow either.
 */
public final class Links {

	/** One link-value: {@code <target>} and its parameters, up to the next link or the end. */
	private static final Pattern LINK_VALUE = Pattern.compile("\\s*<([^>]*)>\\s*((?:;[^,;]*)*)\\s*(?:,|$)");

	private static final Pattern REL = Pattern.compile(";\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,\"]+))",
			Pattern.CASE_INSENSITIVE);

	private Links() {
	}

	/**
	 * The target of the response's {@code rel="next"} link, as written (an origin-relative path
	 * and query), or {@code null} when the response has no next link (the last page).
	 */
	@Nullable
	public static String nextLink(HttpHeaders headers) {
		List<String> values = headers.get(HttpHeaders.LINK);
		return nextLink((values != null) ? values : List.of());
	}

	/** {@link #nextLink(HttpHeaders)} for the {@code Link} header values however a client got them. */
	@Nullable
	public static String nextLink(List<String> linkHeaderValues) {
		List<String> next = new ArrayList<>();
		for (String value : linkHeaderValues) {
			Matcher link = LINK_VALUE.matcher(value);
			int end = 0;
			while (end < value.length() && link.find(end) && link.start() == end) {
				if (isNext(link.group(2))) {
					next.add(link.group(1));
				}
				end = link.end();
			}
			if (end < value.length() && !value.substring(end).isBlank()) {
				throw new IllegalArgumentException("Not a Link header (RFC 8288): " + value);
			}
		}
		if (next.size() > 1) {
			throw new IllegalArgumentException("More than one rel=\"next\" link: " + linkHeaderValues);
		}
		return next.isEmpty() ? null : next.get(0);
	}

	/**
	 * The {@code cursor} query parameter of the next link, decoded, ready to be sent again as
	 * {@code ?cursor=}; {@code null} on the last page. A next link without a cursor fails.
	 */
	@Nullable
	public static String nextCursor(HttpHeaders headers) {
		return cursorOf(nextLink(headers));
	}

	/** {@link #nextCursor(HttpHeaders)} for the {@code Link} header values however a client got them. */
	@Nullable
	public static String nextCursor(List<String> linkHeaderValues) {
		return cursorOf(nextLink(linkHeaderValues));
	}

	/** A query parameter of a link target, decoded; {@code null} when the link has none. */
	@Nullable
	public static String queryParameter(String link, String name) {
		List<String> values = UriComponentsBuilder.fromUriString(link).build().getQueryParams().get(name);
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new IllegalArgumentException("More than one " + name + " in " + link);
		}
		return (values.get(0) == null) ? "" : URLDecoder.decode(values.get(0), StandardCharsets.UTF_8);
	}

	@Nullable
	private static String cursorOf(@Nullable String link) {
		if (link == null) {
			return null;
		}
		String cursor = queryParameter(link, "cursor");
		if (cursor == null || cursor.isEmpty()) {
			throw new IllegalArgumentException("A next link without a cursor: " + link);
		}
		return cursor;
	}

	private static boolean isNext(String parameters) {
		Matcher rel = REL.matcher(parameters);
		while (rel.find()) {
			String types = (rel.group(1) != null) ? rel.group(1) : rel.group(2);
			if (Arrays.stream(types.trim().split("\\s+")).anyMatch("next"::equalsIgnoreCase)) {
				return true;
			}
		}
		return false;
	}

}

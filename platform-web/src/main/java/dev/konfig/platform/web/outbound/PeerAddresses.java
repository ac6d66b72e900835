package dev.konfig.platform.web.outbound;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.util.StringUtils;

/**
 * Where a peer's replicas answer, as written in a setting: one URL, or a comma-separated list
 * whose entries differ only in host and port ({@code http://127.0.0.1:8083,http://127.0.0.1:8093}).
 * A path written after the last entry belongs to all of them, so
 * {@code ${KONFIG_AUTH_URL}/.well-known/jwks.json} stays valid when the variable holds a list.
 *
 * @param scheme {@code http} or {@code https}, the same for every entry
 * @param authorities {@code host:port} of each entry, in the order written, without repeats
 * @param tail the path (and query) after the authority, empty when there is none
 */
record PeerAddresses(String scheme, List<String> authorities, String tail) {

	PeerAddresses {
		authorities = List.copyOf(authorities);
	}

	/** Reads a setting; {@code null} when it is not a list of absolute http(s) URLs. */
	static PeerAddresses parse(String spec) {
		if (!StringUtils.hasText(spec)) {
			return null;
		}
		String[] entries = spec.split(",");
		String scheme = null;
		String tail = "";
		List<String> authorities = new ArrayList<>();
		for (int i = 0; i < entries.length; i++) {
			URI uri;
			try {
				uri = URI.create(entries[i].trim());
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
			if (uri.getScheme() == null || uri.getHost() == null) {
				return null;
			}
			String entryScheme = uri.getScheme().toLowerCase(Locale.ROOT);
			if (!entryScheme.equals("http") && !entryScheme.equals("https")) {
				return null;
			}
			if (scheme != null && !scheme.equals(entryScheme)) {
				throw new IllegalArgumentException("'" + spec + "': every replica must use the same scheme");
			}
			scheme = entryScheme;
			String entryTail = tailOf(uri);
			if (i < entries.length - 1 && !entryTail.isEmpty() && !entryTail.equals("/")) {
				throw new IllegalArgumentException("'" + spec + "': only the last URL of a list may carry a path");
			}
			tail = entryTail;
			int port = (uri.getPort() != -1) ? uri.getPort() : (entryScheme.equals("https") ? 443 : 80);
			String authority = uri.getHost() + ":" + port;
			if (!authorities.contains(authority)) {
				authorities.add(authority);
			}
		}
		return new PeerAddresses(scheme, authorities, tail);
	}

	/** The first entry with the tail: a real address, which the balancing connector recognizes. */
	String firstUrl() {
		return this.scheme + "://" + this.authorities.get(0) + this.tail;
	}

	private static String tailOf(URI uri) {
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		return (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
	}

}

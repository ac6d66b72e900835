package dev.konfig.config.entry;

import java.util.ArrayList;
import java.util.List;

import dev.konfig.platform.web.PreconditionFailedException;
import dev.konfig.platform.web.PreconditionRequiredException;

/**
 * Versions as entity tags: a config's ETag is {@code "<version>"}, the values map's is
 * {@code "<namespace revision>"}. Weak tags ({@code W/"3"}) compare equal to strong ones for
 * these purposes; {@code *} matches any current version.
 */
public final class EntityTags {

	private EntityTags() {
	}

	public static String of(long version) {
		return "\"" + version + "\"";
	}

	/** True when an {@code If-None-Match} header names the current version (answer 304). */
	public static boolean matches(String header, long current) {
		if (header == null || header.isBlank()) {
			return false;
		}
		for (String tag : header.split(",")) {
			String trimmed = tag.trim();
			if (trimmed.equals("*") || parse(trimmed) == current) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The versions an {@code If-Match} header allows; empty means any ({@code *}). Missing → 428;
	 * a header naming no version at all → 412.
	 */
	static List<Long> required(String header) {
		if (header == null || header.isBlank()) {
			throw new PreconditionRequiredException("This write needs an If-Match header with the config's ETag");
		}
		List<Long> versions = new ArrayList<>();
		for (String tag : header.split(",")) {
			String trimmed = tag.trim();
			if (trimmed.equals("*")) {
				return List.of();
			}
			long version = parse(trimmed);
			if (version > 0) {
				versions.add(version);
			}
		}
		if (versions.isEmpty()) {
			throw new PreconditionFailedException("If-Match names no version of this config");
		}
		return versions;
	}

	private static long parse(String tag) {
		String value = tag.startsWith("W/") ? tag.substring(2) : tag;
		if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
			return -1;
		}
		try {
			return Long.parseLong(value.substring(1, value.length() - 1));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}

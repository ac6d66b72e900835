package dev.konfig.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.springframework.lang.Nullable;

/**
 * The suite's one support for {@code ETag}, {@code If-Match} and {@code If-None-Match}. Reads
 * answer 304 when {@link #matches If-None-Match names the current tag}; writes check
 * {@code If-Match} and answer 412 when it is stale, and 428 when the resource insists on one
 * and none was sent.
 *
 * <p>Two kinds of tags: a version number ({@code "3"}, for configs, namespaces, anything with
 * an increasing version) and an opaque value (a content hash, for files). For versions a weak
 * tag counts like a strong one in {@code If-Match} too: a version number names exactly one
 * state, so {@code W/"3"} cannot stand for a different representation of another state.
 * Opaque tags follow RFC 9110 to the letter: weak comparison for {@code If-None-Match}, strong
 * for {@code If-Match}.
 */
public final class EntityTags {

	private EntityTags() {
	}

	/** The {@code ETag} of a version: {@code "3"}. */
	public static String of(long version) {
		return "\"" + version + "\"";
	}

	/** The strong {@code ETag} of an opaque value (a hash): {@code "<value>"}. */
	public static String of(String value) {
		return EntityTag.strong(value).toString();
	}

	/** True when an {@code If-None-Match} header names this version, or is {@code *} (answer 304). */
	public static boolean matches(@Nullable String ifNoneMatch, long current) {
		return matches(ifNoneMatch, Long.toString(current));
	}

	/** True when an {@code If-None-Match} header names this tag value (weak comparison), or is {@code *}. */
	public static boolean matches(@Nullable String ifNoneMatch, String current) {
		EntityTag tag = EntityTag.strong(current);
		return EntityTag.parseList(ifNoneMatch).stream().anyMatch(listed -> listed.weaklyMatches(tag));
	}

	/**
	 * The versions a required {@code If-Match} allows; empty means any ({@code *}). No header
	 * answers 428; a header naming no version at all answers 412.
	 */
	public static List<Long> requiredVersions(@Nullable String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank()) {
			throw new PreconditionRequiredException(
					"This write needs an If-Match header with the resource's current ETag");
		}
		return versions(ifMatch);
	}

	/** Like {@link #requiredVersions} where {@code If-Match} is optional: no header allows any version. */
	public static List<Long> optionalVersions(@Nullable String ifMatch) {
		return (ifMatch == null || ifMatch.isBlank()) ? List.of() : versions(ifMatch);
	}

	/** The first version an {@code If-None-Match} header names, if any (where a long poll resumes). */
	public static OptionalLong firstVersion(@Nullable String header) {
		for (EntityTag tag : EntityTag.parseList(header)) {
			OptionalLong version = version(tag);
			if (version.isPresent()) {
				return version;
			}
		}
		return OptionalLong.empty();
	}

	/**
	 * Checks {@code If-Match} against an opaque tag with strong comparison: passes when it
	 * names the current tag or is {@code *}, answers 412 otherwise, and 428 when absent and
	 * {@code required}.
	 */
	public static void checkIfMatch(@Nullable String ifMatch, String current, boolean required) {
		if (ifMatch == null || ifMatch.isBlank()) {
			if (required) {
				throw new PreconditionRequiredException(
						"This write needs an If-Match header with the resource's current ETag");
			}
			return;
		}
		EntityTag tag = EntityTag.strong(current);
		if (EntityTag.parseList(ifMatch).stream().noneMatch(listed -> listed.stronglyMatches(tag))) {
			throw new PreconditionFailedException("The resource changed since the ETag If-Match names");
		}
	}

	private static List<Long> versions(String ifMatch) {
		List<Long> versions = new ArrayList<>();
		for (EntityTag tag : EntityTag.parseList(ifMatch)) {
			if (tag.isAny()) {
				return List.of();
			}
			version(tag).ifPresent(versions::add);
		}
		if (versions.isEmpty()) {
			throw new PreconditionFailedException("If-Match names no version of this resource");
		}
		return versions;
	}

	private static OptionalLong version(EntityTag tag) {
		if (tag.isAny() || tag.value().isEmpty()) {
			return OptionalLong.empty();
		}
		try {
			long version = Long.parseLong(tag.value());
			return (version > 0) ? OptionalLong.of(version) : OptionalLong.empty();
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

}

package dev.konfig.platform.outbox;

import java.util.Collection;

import org.springframework.lang.Nullable;

/**
 * The one rule for declaring interest in event types, shared by subscribers (publishing side)
 * and {@link EventHandler}s (consuming side): an exact type ({@code organization.deleted}), a
 * prefix ending in {@code .*} ({@code organization.*} matches {@code organization.created} but
 * not {@code organizations.x}), or {@code *} for every type.
 */
public final class EventTypes {

	/** Every event type. */
	public static final String ALL = "*";

	private EventTypes() {
	}

	/** Whether any of the patterns matches the type; an event without a type matches only {@code *}. */
	public static boolean matches(Collection<String> patterns, @Nullable String eventType) {
		for (String pattern : patterns) {
			if (matches(pattern, eventType)) {
				return true;
			}
		}
		return false;
	}

	static boolean matches(String pattern, @Nullable String eventType) {
		if (ALL.equals(pattern)) {
			return true;
		}
		if (eventType == null) {
			return false;
		}
		if (pattern.endsWith(".*")) {
			return eventType.startsWith(pattern.substring(0, pattern.length() - 1));
		}
		return pattern.equals(eventType);
	}

	/** Refuses patterns that would silently match nothing ({@code organization*}, {@code a.*.b}). */
	static void validate(Collection<String> patterns) {
		for (String pattern : patterns) {
			String body = pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 2) : pattern;
			if (!ALL.equals(pattern) && (body.isBlank() || body.contains("*"))) {
				throw new IllegalArgumentException("Not an event type pattern: '" + pattern
						+ "' (use an exact type, a prefix ending in .*, or *)");
			}
		}
	}

}

package dev.konfig.auth.user;

import java.util.List;

import org.springframework.lang.Nullable;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/**
 * What a member list is narrowed to: {@code ?role=&is_active=&q=}. Each is optional.
 *
 * @param role only members with this role
 * @param active only active (or only deactivated) members
 * @param text a case-insensitive substring of the email or the full name
 */
public record MemberFilter(@Nullable Role role, @Nullable Boolean active, @Nullable String text) {

	static final int MAX_TEXT = 200;

	/** Reads the query parameters as sent; anything unreadable is a 400 naming the parameter. */
	public static MemberFilter of(@Nullable String role, @Nullable String active, @Nullable String text) {
		return new MemberFilter(role(role), active(active), text(text));
	}

	private static Role role(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		return switch (value) {
			case "owner", "admin", "member" -> Role.fromClaim(value);
			default -> throw invalid("role", "must be owner, admin or member");
		};
	}

	private static Boolean active(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		return switch (value) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw invalid("is_active", "must be true or false");
		};
	}

	private static String text(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
			throw invalid("q", "must be at most " + MAX_TEXT + " characters, without control characters");
		}
		return value.trim();
	}

	private static BadRequestException invalid(String field, String message) {
		return new BadRequestException("The " + field + " parameter " + message,
				List.of(new FieldViolation(field, message)));
	}

}

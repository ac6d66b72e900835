package dev.konfig.platform.security;

import java.util.Locale;

/** A member's role in an organization, weakest first: member &lt; admin &lt; owner. */
public enum Role {

	MEMBER, ADMIN, OWNER;

	public boolean atLeast(Role other) {
		return compareTo(other) >= 0;
	}

	/** The lower-case name used in JSON and in the {@code role} claim. */
	public String claim() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Role fromClaim(String value) {
		return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
	}

}

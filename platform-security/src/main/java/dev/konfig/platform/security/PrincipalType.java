package dev.konfig.platform.security;

import java.util.Locale;

/** Who stands behind a token: a person, an API key, or one of the suite's services. */
public enum PrincipalType {

	USER, API_KEY, SERVICE;

	public String claim() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static PrincipalType fromClaim(String value) {
		return PrincipalType.valueOf(value.trim().toUpperCase(Locale.ROOT));
	}

}

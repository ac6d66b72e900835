package dev.konfig.auth.apikey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** Parses {@code "read,write"} against the configured set of allowed scopes. */
final class ApiKeyScopes {

	private ApiKeyScopes() {
	}

	/** The scopes, deduplicated, in the order given; unknown or none is a 400. */
	static Set<String> parse(String value, List<String> allowed) {
		Set<String> scopes = new LinkedHashSet<>();
		if (value != null) {
			for (String part : value.split("[,\\s]+")) {
				String scope = part.trim().toLowerCase(Locale.ROOT);
				if (scope.isEmpty()) {
					continue;
				}
				if (!allowed.contains(scope)) {
					throw new BadRequestException("Unknown scope '" + scope + "'",
							List.of(new FieldViolation("scopes", "allowed scopes are " + String.join(",", allowed))));
				}
				scopes.add(scope);
			}
		}
		if (scopes.isEmpty()) {
			throw new BadRequestException("At least one scope is required",
					List.of(new FieldViolation("scopes", "must not be empty")));
		}
		return scopes;
	}

}

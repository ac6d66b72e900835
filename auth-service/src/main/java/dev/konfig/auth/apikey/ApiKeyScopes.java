package dev.konfig.auth.apikey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.security.KonfigClaims;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.ForbiddenException;

/** Parses {@code "read,write"} against the configured set of allowed scopes. */
public final class ApiKeyScopes {

	/**
	 * Marks a key imported from konfig, stored as konfig stored it: a bcrypt of the whole key
	 * (found by its 12-character prefix, then verified). The first use replaces it with the
	 * suite's SHA-256.
	 */
	public static final String KONFIG_KEY_SCHEME = "{konfig-bcrypt}";


	private ApiKeyScopes() {
	}

	/**
	 * The least role that may hold each scope itself: members read and write configs; secrets
	 * in clear and the audit trail are for admins and owners (config-service's SecretAccess,
	 * audit-service's AuditReaders). A scope not named here (one added by configuration) needs
	 * an admin.
	 */
	private static final Map<String, Role> HOLDERS = Map.of("read", Role.MEMBER, "write", Role.MEMBER);

	/**
	 * A key never carries more than its creator may do now: a scope above the creator's current
	 * role is a 403 naming it.
	 */
	static void requireGrantable(Set<String> scopes, Role creator) {
		for (String scope : scopes) {
			if (!creator.atLeast(HOLDERS.getOrDefault(scope, Role.ADMIN))) {
				throw new ForbiddenException("Your role cannot grant the scope '" + scope + "'",
						List.of(new FieldViolation("scopes", "exceeds what your role may do")));
			}
		}
	}

	/** The scopes, deduplicated, in the order given; unknown or none is a 400. */
	public static Set<String> parse(String value, List<String> allowed) {
		Set<String> scopes = new LinkedHashSet<>();
		if (value != null) {
			for (String part : value.split("[,\\s]+")) {
				String scope = part.trim().toLowerCase(Locale.ROOT);
				if (scope.isEmpty()) {
					continue;
				}
				// Platform administration belongs to people, never to a key, whatever the configuration says.
				if (!allowed.contains(scope) || scope.equals(KonfigClaims.SCOPE_PLATFORM_ADMIN)) {
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

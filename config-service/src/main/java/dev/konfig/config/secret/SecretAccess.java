package dev.konfig.config.secret;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;

/**
 * Who sees secret values in clear: users with the admin role or above, and API keys that carry
 * the {@code secrets:read} scope. Everyone else sees platform-web's
 * {@link dev.konfig.platform.web.SecretMask#VALUE}.
 */
public final class SecretAccess {

	public static final String SCOPE_SECRETS_READ = "secrets:read";

	private SecretAccess() {
	}

	public static boolean mayReveal(KonfigPrincipal principal) {
		return switch (principal.type()) {
			case USER -> principal.hasRole(Role.ADMIN);
			case API_KEY -> principal.hasScope(SCOPE_SECRETS_READ);
			case SERVICE -> false;
		};
	}

}

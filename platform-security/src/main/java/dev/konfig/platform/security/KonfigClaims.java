package dev.konfig.platform.security;

/** Names of the access token's claims beyond the registered ones (see docs/decisions.md). */
public final class KonfigClaims {

	/** Principal type: {@code user}, {@code api_key} or {@code service}. */
	public static final String PRINCIPAL_TYPE = "ptype";

	/** Active organization id. */
	public static final String ORGANIZATION = "org";

	/** Role in the active organization (users only). */
	public static final String ROLE = "role";

	/** Space-separated scopes. */
	public static final String SCOPE = "scope";

	public static final String SCOPE_READ = "read";

	public static final String SCOPE_WRITE = "write";

	public static final String SCOPE_INTERNAL = "internal";

	/**
	 * Platform administration ({@code /api/v1/admin/**}): only in the access tokens auth-service
	 * mints for users flagged as platform administrators, never for API keys or services.
	 */
	public static final String SCOPE_PLATFORM_ADMIN = "platform:admin";

	private KonfigClaims() {
	}

}

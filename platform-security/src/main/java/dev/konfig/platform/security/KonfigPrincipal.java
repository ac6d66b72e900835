package dev.konfig.platform.security;

import java.util.Set;
import java.util.UUID;

import dev.konfig.platform.web.ForbiddenException;

/**
 * The authenticated caller as every service sees it, read from a verified access token.
 *
 * @param subject the token's {@code sub}: a user id, an API key id, or a service client id
 * @param type who the subject is
 * @param organizationId the active organization; {@code null} for services
 * @param role the user's role in that organization; {@code null} for API keys and services
 * @param scopes what the token may do
 * @param token the raw token, to relay on calls made on the caller's behalf
 */
public record KonfigPrincipal(String subject, PrincipalType type, UUID organizationId, Role role,
		Set<String> scopes, String token) {

	public boolean isUser() {
		return this.type == PrincipalType.USER;
	}

	/** The user id; only for user principals. */
	public UUID userId() {
		if (!isUser()) {
			throw new ForbiddenException("This action needs a user, not an " + this.type.claim());
		}
		return UUID.fromString(this.subject);
	}

	public boolean hasScope(String scope) {
		return this.scopes.contains(scope);
	}

	public boolean hasRole(Role minimum) {
		return this.role != null && this.role.atLeast(minimum);
	}

	/** Refuses with 403 unless the caller is a user with at least this role. */
	public KonfigPrincipal requireRole(Role minimum) {
		if (!hasRole(minimum)) {
			throw new ForbiddenException("This action needs the " + minimum.claim() + " role");
		}
		return this;
	}

	/**
	 * Refuses with 403 unless the caller is a user whose token carries {@code platform:admin}.
	 * API keys and services never qualify, whatever their scopes say. The admin area is not a
	 * tenant resource, so 403 tells nothing; the token's organization and role play no part.
	 */
	public KonfigPrincipal requirePlatformAdmin() {
		if (!isPlatformAdmin()) {
			throw new ForbiddenException("This action needs a platform administrator");
		}
		return this;
	}

	public boolean isPlatformAdmin() {
		return isUser() && hasScope(KonfigClaims.SCOPE_PLATFORM_ADMIN);
	}

	/**
	 * Refuses with 403 unless the caller is this service client (client credentials): for
	 * internal endpoints that one client alone may use, such as the importer's.
	 */
	public KonfigPrincipal requireService(String clientId) {
		if (this.type != PrincipalType.SERVICE || !clientId.equals(this.subject)) {
			throw new ForbiddenException("This action is for the service client " + clientId + " only");
		}
		return this;
	}

	/** The active organization; refuses callers that have none (services). */
	public UUID requireOrganization() {
		if (this.organizationId == null) {
			throw new ForbiddenException("This action needs an organization");
		}
		return this.organizationId;
	}

}

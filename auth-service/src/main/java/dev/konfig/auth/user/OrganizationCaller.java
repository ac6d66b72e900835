package dev.konfig.auth.user;

import java.util.UUID;

import org.springframework.lang.Nullable;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.ForbiddenException;

/**
 * The caller as one organization sees it: which organization, and the role that counts there.
 * For {@code /api/v1/users} that is the token's organization and role; for
 * {@code /api/v1/organizations/{id}/...} the organization of the path and the role of the caller's
 * active membership as auth-service holds it now (see {@link OrganizationCallers}). Every rule of
 * user management is written once against this, whichever path the request took.
 *
 * @param principal the authenticated caller
 * @param organizationId the organization acted in
 * @param role the caller's role there; {@code null} for API keys, which carry none
 */
public record OrganizationCaller(KonfigPrincipal principal, UUID organizationId, @Nullable Role role) {

	public boolean isUser() {
		return this.principal.isUser();
	}

	/** The user id; refuses API keys and services with 403. */
	public UUID userId() {
		return this.principal.userId();
	}

	/** Whether the caller is this user. */
	public boolean is(UUID userId) {
		return isUser() && this.principal.userId().equals(userId);
	}

	/** Refuses with 403 unless the caller is a user with at least this role here. */
	public OrganizationCaller requireRole(Role minimum) {
		if (this.role == null || !this.role.atLeast(minimum)) {
			throw new ForbiddenException("This action needs the " + minimum.claim() + " role");
		}
		return this;
	}

}

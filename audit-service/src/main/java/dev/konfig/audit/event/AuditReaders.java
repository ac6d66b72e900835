package dev.konfig.audit.event;

import java.util.UUID;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.ForbiddenException;

/**
 * Who may read an organization's trail: its admins and owners (the trail shows every member's
 * activity, like the admin views of Retraced and CloudTrail), and API keys with the
 * {@code audit:read} scope (on top of {@code read}, which every GET needs). Everyone reads
 * only their active organization.
 */
final class AuditReaders {

	static final String SCOPE = "audit:read";

	private AuditReaders() {
	}

	static UUID organization(KonfigPrincipal principal) {
		switch (principal.type()) {
			case USER -> principal.requireRole(Role.ADMIN);
			case API_KEY -> {
				if (!principal.hasScope(SCOPE)) {
					throw new ForbiddenException("Reading audit events needs the " + SCOPE + " scope");
				}
			}
			default -> throw new ForbiddenException("Audit events are read by users and API keys");
		}
		return principal.requireOrganization();
	}

}

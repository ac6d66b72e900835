package dev.konfig.auth.system;

import java.util.UUID;

/** Values the audit events of every feature share, so they read the same in audit-service. */
public final class AuditValues {

	/** Stands in for any secret (password, API key, token): the event says it changed, never what it is. */
	public static final String MASKED = "********";

	/**
	 * The organization of events that belong to none (a failed login for an unknown email);
	 * audit-service files events without an organization under the same nil UUID.
	 */
	public static final UUID NO_ORGANIZATION = new UUID(0L, 0L);

	private AuditValues() {
	}

}

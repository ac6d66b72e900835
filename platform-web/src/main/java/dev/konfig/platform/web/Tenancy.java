package dev.konfig.platform.web;

import java.util.UUID;

import org.springframework.lang.Nullable;

/**
 * Tenancy rules every service applies the same way. Events that belong to no organization (a
 * failed login for an unknown email) are filed under the nil UUID: the producing services
 * write it and audit-service chains them under it, so both sides must agree on one value.
 */
public final class Tenancy {

	/** The organization of what belongs to none: the nil UUID. */
	public static final UUID NO_ORGANIZATION = new UUID(0L, 0L);

	private Tenancy() {
	}

	/** The organization, or {@link #NO_ORGANIZATION} when there is none. */
	public static UUID organizationOrNone(@Nullable UUID organizationId) {
		return (organizationId == null) ? NO_ORGANIZATION : organizationId;
	}

}

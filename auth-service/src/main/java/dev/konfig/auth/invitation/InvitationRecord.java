package dev.konfig.auth.invitation;

import java.time.Instant;
import java.util.UUID;

import dev.konfig.platform.security.Role;

/**
 * A row of {@code auth.invitations} with its status as the database saw it when read.
 *
 * @param status {@code pending}, {@code accepted}, {@code revoked} or {@code expired} (open, but
 * past {@code expiresAt})
 */
record InvitationRecord(UUID id, UUID organizationId, String email, Role role, UUID invitedBy, Instant createdAt,
		Instant expiresAt, Instant acceptedAt, UUID acceptedBy, Instant revokedAt, String status) {

	static final String PENDING = "pending";

	boolean pending() {
		return PENDING.equals(this.status);
	}

}

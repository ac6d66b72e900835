package dev.konfig.auth.user;

import java.time.Instant;
import java.util.UUID;

import dev.konfig.platform.security.Role;

/** A row of {@code auth.memberships}: a user's role and status in one organization. */
public record MembershipRecord(UUID userId, UUID organizationId, Role role, boolean active, Instant createdAt) {
}

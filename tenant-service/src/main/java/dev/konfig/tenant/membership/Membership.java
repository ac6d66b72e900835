package dev.konfig.tenant.membership;

import java.util.UUID;

import dev.konfig.platform.security.Role;

/** The caller belongs to this organization with this role. */
public record Membership(UUID organizationId, Role role) {
}

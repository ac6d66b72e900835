package dev.konfig.auth.session;

import java.util.UUID;

/** One of the caller's organizations and its role there. */
record MembershipView(UUID organizationId, String role) {
}

package dev.konfig.auth.admin;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Requests and answers of the admin users view. */
final class AdminUserRecords {

	private AdminUserRecords() {
	}

	/**
	 * One user across the platform; {@code last_login_at} is null until the first login, and
	 * {@code organization_name} null when tenant-service could not say (down, or the organization
	 * is gone).
	 */
	record AdminUserResponse(UUID id, String email, String fullName, Instant createdAt, Instant lastLoginAt,
			Instant suspendedAt, @JsonProperty("is_platform_admin") boolean isPlatformAdmin,
			List<AdminMembership> memberships) {
	}

	record AdminMembership(UUID organizationId, String organizationName, String role,
			@JsonProperty("is_active") boolean isActive) {
	}

	/** {@code PATCH /api/v1/admin/users/{id}}: each field left out stays as it is. */
	record AdminUserPatch(Boolean suspended, @JsonProperty("is_platform_admin") Boolean isPlatformAdmin) {
	}

	/**
	 * A user row as the admin view reads it (memberships come from a second query);
	 * {@code emailKey} is PostgreSQL's {@code lower(email)}, the list's sort key.
	 */
	record UserRow(UUID id, String email, String fullName, Instant createdAt, Instant lastLoginAt, Instant suspendedAt,
			boolean platformAdmin, String emailKey) {
	}

	/** One membership of a listed user. */
	record MembershipRow(UUID userId, UUID organizationId, String role, boolean active) {
	}

	/** Filters of the list. */
	record UserFilter(String q, UUID organizationId, Status status, Boolean platformAdmin) {
	}

	enum Status {

		ACTIVE, SUSPENDED, ALL

	}

	/** {@code GET /internal/users/{id}/platform-admin}. */
	record PlatformAdminAnswer(UUID userId, @JsonProperty("is_platform_admin") boolean isPlatformAdmin,
			boolean suspended) {
	}

	/** {@code GET /internal/usage/totals}: auth-service's section of the admin overview. */
	record UsageTotals(UserTotals users) {
	}

	record UserTotals(long total, long suspended, long platformAdmins) {
	}

}

package dev.konfig.auth.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.konfig.auth.user.UserResponse;

/** The calling user in the active organization, with all its memberships. */
record MeResponse(UUID id, String email, String fullName, String role, @JsonProperty("is_active") boolean isActive,
		UUID organizationId, Instant createdAt, Instant updatedAt, List<MembershipView> memberships) {

	static MeResponse of(UserResponse user, List<MembershipView> memberships) {
		return new MeResponse(user.id(), user.email(), user.fullName(), user.role(), user.isActive(),
				user.organizationId(), user.createdAt(), user.updatedAt(), memberships);
	}

}

package dev.konfig.auth.user;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A user as seen in one organization: role and status are the membership's. */
public record UserResponse(UUID id, String email, String fullName, String role,
		@JsonProperty("is_active") boolean isActive, UUID organizationId, Instant createdAt, Instant updatedAt) {

	public static UserResponse of(UserRecord user, MembershipRecord membership) {
		return new UserResponse(user.id(), user.email(), user.fullName(), membership.role().claim(),
				membership.active(), membership.organizationId(), user.createdAt(), user.updatedAt());
	}

}

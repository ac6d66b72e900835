package dev.konfig.auth.user;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A partial update; absent fields stay as they are. */
public record UpdateUserRequest(@Size(min = 1, max = 200) String fullName, @Size(min = 8, max = 128) String password,
		@Pattern(regexp = "owner|admin|member", message = "must be owner, admin or member") String role,
		@JsonProperty("is_active") Boolean isActive) {

	/** A change of the membership alone (role and status), as the members endpoints make. */
	public static UpdateUserRequest ofMembership(String role, Boolean isActive) {
		return new UpdateUserRequest(null, null, role, isActive);
	}

}

package dev.konfig.auth.member;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Pattern;

/** A partial change of a membership; absent fields stay as they are. */
record MemberUpdateRequest(
		@Pattern(regexp = "owner|admin|member", message = "must be owner, admin or member") String role,
		@JsonProperty("is_active") Boolean isActive) {
}

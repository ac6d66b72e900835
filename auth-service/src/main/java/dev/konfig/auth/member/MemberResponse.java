package dev.konfig.auth.member;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.konfig.auth.user.UserStore;

/** A member of an organization: the person and their membership there. */
record MemberResponse(UUID userId, String email, String fullName, String role,
		@JsonProperty("is_active") boolean isActive, Instant joinedAt, Instant lastLoginAt) {

	static MemberResponse of(UserStore.Member member) {
		return new MemberResponse(member.user().id(), member.user().email(), member.user().fullName(),
				member.membership().role().claim(), member.membership().active(), member.membership().createdAt(),
				member.user().lastLoginAt());
	}

}

package dev.konfig.auth.invitation;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request and response bodies of the invitation endpoints. */
final class InvitationRecords {

	private InvitationRecords() {
	}

	record CreateInvitationRequest(@NotBlank @Email @Size(max = 254) String email,
			@NotBlank @Pattern(regexp = "owner|admin|member", message = "must be owner, admin or member") String role) {
	}

	/** A new person accepts: the account is made from the invitation's email and these. */
	record AcceptAsNewUserRequest(@NotBlank @Size(max = 200) String token,
			@NotBlank @Size(max = 200) String fullName, @NotBlank @Size(min = 8, max = 128) String password) {
	}

	/** A signed-in user accepts with the token alone. */
	record AcceptRequest(@NotBlank @Size(max = 200) String token) {
	}

	/**
	 * An invitation; {@code token} only in the answers of create and resend, the one time it is
	 * shown.
	 */
	record InvitationResponse(UUID id, UUID organizationId, String email, String role, String status,
			UUID invitedBy, Instant createdAt, Instant expiresAt, Instant acceptedAt, UUID acceptedBy,
			Instant revokedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

		static InvitationResponse of(InvitationRecord invitation, String token) {
			return new InvitationResponse(invitation.id(), invitation.organizationId(), invitation.email(),
					invitation.role().claim(), invitation.status(), invitation.invitedBy(), invitation.createdAt(),
					invitation.expiresAt(), invitation.acceptedAt(), invitation.acceptedBy(), invitation.revokedAt(),
					token);
		}

	}

	/** What accepting gave: a membership; the client then logs in or switches organization. */
	record AcceptedResponse(UUID organizationId, UUID userId, String role) {
	}

}

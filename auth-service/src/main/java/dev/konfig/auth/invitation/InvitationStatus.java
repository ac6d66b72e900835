package dev.konfig.auth.invitation;

import java.util.List;
import java.util.Locale;

import org.springframework.lang.Nullable;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** The statuses an invitation list can be narrowed to, each an SQL condition on the row. */
enum InvitationStatus {

	PENDING("i.accepted_at is null and i.revoked_at is null and i.expires_at > now()"),

	EXPIRED("i.accepted_at is null and i.revoked_at is null and i.expires_at <= now()"),

	ACCEPTED("i.accepted_at is not null"),

	REVOKED("i.revoked_at is not null");

	/** The status column of a query over {@code invitations i}, derived the same way. */
	static final String COLUMN = "case when i.accepted_at is not null then 'accepted' "
			+ "when i.revoked_at is not null then 'revoked' when i.expires_at <= now() then 'expired' "
			+ "else 'pending' end as status";

	final String condition;

	InvitationStatus(String condition) {
		this.condition = condition;
	}

	/** {@code ?status=}: none, or one of the four; anything else is a 400. */
	@Nullable
	static InvitationStatus of(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		for (InvitationStatus status : values()) {
			if (status.name().toLowerCase(Locale.ROOT).equals(value)) {
				return status;
			}
		}
		String message = "must be pending, accepted, revoked or expired";
		throw new BadRequestException("The status parameter " + message, List.of(new FieldViolation("status", message)));
	}

}

package dev.konfig.auth.invitation;

import org.springframework.http.HttpStatus;

import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.KonfigException;
import dev.konfig.platform.web.NotFoundException;

/** The answers invitations give besides success, each with a safe detail. */
final class InvitationExceptions {

	private InvitationExceptions() {
	}

	/** No such invitation (in this organization), or a token that names none: 404. */
	static NotFoundException notFound() {
		return new NotFoundException("Invitation not found");
	}

	/** The token named an invitation that is accepted, revoked or expired: 410. */
	static KonfigException gone() {
		return new Gone();
	}

	static ConflictException alreadyMember() {
		return new ConflictException("This person is already a member of the organization");
	}

	static ConflictException alreadyInvited() {
		return new ConflictException("An open invitation exists for this email; resend it instead");
	}

	static ConflictException notOpen() {
		return new ConflictException("Only an open invitation can be resent");
	}

	static ConflictException accountExists() {
		return new ConflictException("An account with this email exists: log in and accept with your session");
	}

	static ForbiddenException otherEmail() {
		return new ForbiddenException("This invitation is for another email address");
	}

	static ForbiddenException organizationInactive() {
		return new ForbiddenException("The organization is deactivated");
	}

	private static final class Gone extends KonfigException {

		Gone() {
			super("This invitation was already used, revoked, or has expired");
		}

		@Override
		public HttpStatus status() {
			return HttpStatus.GONE;
		}

	}

}

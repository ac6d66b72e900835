package dev.konfig.auth.session;

import dev.konfig.platform.web.NotFoundException;

/** The caller is not an active member of that organization. */
class MembershipNotFoundException extends NotFoundException {

	MembershipNotFoundException() {
		super("Organization not found");
	}

}

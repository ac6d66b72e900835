package dev.konfig.auth.user;

import dev.konfig.platform.web.ConflictException;

/** The email already belongs to a user. */
public class EmailTakenException extends ConflictException {

	public EmailTakenException() {
		super("A user with this email is already registered");
	}

}

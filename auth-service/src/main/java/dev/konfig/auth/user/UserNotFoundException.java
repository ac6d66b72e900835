package dev.konfig.auth.user;

import dev.konfig.platform.web.NotFoundException;

/** No such user in the caller's organization (other organizations' users look absent). */
public class UserNotFoundException extends NotFoundException {

	public UserNotFoundException() {
		super("User not found");
	}

}

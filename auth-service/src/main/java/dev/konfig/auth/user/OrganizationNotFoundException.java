package dev.konfig.auth.user;

import dev.konfig.platform.web.NotFoundException;

/**
 * The caller is no active member of the organization a path names (or it does not exist): the
 * two answer alike, so an organization's existence never leaks.
 */
public class OrganizationNotFoundException extends NotFoundException {

	public OrganizationNotFoundException() {
		super("Organization not found");
	}

}

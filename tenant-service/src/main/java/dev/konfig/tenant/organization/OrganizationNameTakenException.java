package dev.konfig.tenant.organization;

import java.util.List;

import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.FieldViolation;

/** Organization names are unique regardless of case. */
class OrganizationNameTakenException extends ConflictException {

	OrganizationNameTakenException() {
		super("An organization with this name already exists",
				List.of(new FieldViolation("name", "is already taken")));
	}

}

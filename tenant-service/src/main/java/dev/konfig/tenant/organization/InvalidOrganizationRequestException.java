package dev.konfig.tenant.organization;

import java.util.List;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** A field that Jakarta Validation cannot judge alone (the settings object). */
class InvalidOrganizationRequestException extends BadRequestException {

	InvalidOrganizationRequestException(String field, String message) {
		super("The request has invalid fields", List.of(new FieldViolation(field, message)));
	}

}

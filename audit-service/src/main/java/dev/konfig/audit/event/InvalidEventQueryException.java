package dev.konfig.audit.event;

import java.util.List;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** A filter, format or range the event API cannot serve. */
class InvalidEventQueryException extends BadRequestException {

	InvalidEventQueryException(String field, String message) {
		super("The " + field + " parameter " + message, List.of(new FieldViolation(field, message)));
	}

}

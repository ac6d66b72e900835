package dev.konfig.config.entry;

import java.util.List;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** A parameter of a config request is malformed or out of range. */
class InvalidConfigRequestException extends BadRequestException {

	InvalidConfigRequestException(String field, String message) {
		super("The request has invalid fields", List.of(new FieldViolation(field, message)));
	}

}

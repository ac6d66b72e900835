package dev.konfig.config.watch;

import java.util.List;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** A watch parameter is malformed. */
class InvalidWatchRequestException extends BadRequestException {

	InvalidWatchRequestException(String field, String message) {
		super("The request has invalid fields", List.of(new FieldViolation(field, message)));
	}

}

package dev.konfig.config.namespace;

import java.util.List;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/** A query parameter of a namespace request is out of range. */
class InvalidNamespaceRequestException extends BadRequestException {

	InvalidNamespaceRequestException(String field, String message) {
		super("The request has invalid fields", List.of(new FieldViolation(field, message)));
	}

}

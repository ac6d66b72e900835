package dev.konfig.config.namespace;

import java.util.List;

import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.FieldViolation;

/** The organization already has a namespace of this name. */
class NamespaceNameTakenException extends ConflictException {

	NamespaceNameTakenException(String name) {
		super("A namespace named '" + name + "' exists already",
				List.of(new FieldViolation("name", "is taken in this organization")));
	}

}

package dev.konfig.config.entry;

import java.util.List;

import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.FieldViolation;

/** The namespace already has a config of this key. */
class ConfigKeyTakenException extends ConflictException {

	ConfigKeyTakenException(String key) {
		super("A config with key '" + key + "' exists already in this namespace",
				List.of(new FieldViolation("key", "is taken in this namespace")));
	}

}

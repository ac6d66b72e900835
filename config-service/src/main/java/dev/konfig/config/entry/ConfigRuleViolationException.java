package dev.konfig.config.entry;

import java.util.List;

import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.UnprocessableException;

/** A write breaks a rule of the config (its type or its validation schema): 422, nothing changes. */
class ConfigRuleViolationException extends UnprocessableException {

	private final String rule;

	ConfigRuleViolationException(String field, String rule, String message) {
		super("The " + field + " breaks the rule '" + rule + "': " + message,
				List.of(new FieldViolation(field, rule + ": " + message)));
		this.rule = rule;
	}

	String rule() {
		return this.rule;
	}

}

package dev.konfig.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A well-formed JSON value the suite refuses to take in: a string with NUL, another control
 * character or an unpaired surrogate (PostgreSQL cannot store them, and logs and exports would
 * carry them), or a number beyond the range of a double. Raised while reading a request body,
 * so the client gets a 400 naming the field, never a 500 from the database later on.
 */
public class UnsafeInputException extends MismatchedInputException {

	private final String rule;

	UnsafeInputException(JsonParser parser, Class<?> target, String rule) {
		super(parser, "Refused input: value " + rule, target);
		this.rule = rule;
	}

	/** What the value must be, to complete "'field' ..." in a problem; never the value itself. */
	public String rule() {
		return this.rule;
	}

}

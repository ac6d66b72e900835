package dev.konfig.config.entry;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/** The bodies of config writes. */
final class ConfigRequests {

	static final String KEY_PATTERN = "^[a-zA-Z0-9_.-]+$";

	private ConfigRequests() {
	}

	/**
	 * @param value JSON of the value's type: {@code "text"}, {@code 42}, {@code true}, any JSON
	 */
	record Create(@NotNull @Size(min = 1, max = 255) @Pattern(regexp = KEY_PATTERN,
			message = "may contain only letters, digits, '_', '.' and '-'") String key,
			@NotNull JsonNode value, @NotNull ValueType valueType, ValidationSchema validationSchema,
			@Size(max = 10_000) String description, Boolean isSecret) {
	}

	/** Fields left out stay as they are; {@code validation_schema: {}} removes every rule. */
	record Update(JsonNode value, ValueType valueType, ValidationSchema validationSchema,
			@Size(max = 10_000) String description, Boolean isSecret) {
	}

	record Rollback(@NotNull @Positive Long version) {
	}

}

package dev.konfig.config.entry;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

/**
 * The rules a config's value must keep, checked on every write. Length and pattern apply to
 * {@code string} and {@code select}, bounds to {@code number}, options to {@code select} (where
 * they are required), and a JSON Schema to any type. An empty object means no rules.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ValidationSchema(Integer minLength, Integer maxLength, String pattern, BigDecimal minValue,
		BigDecimal maxValue, List<String> options, JsonNode jsonSchema) {

	static final ValidationSchema NONE = new ValidationSchema(null, null, null, null, null, null, null);

}

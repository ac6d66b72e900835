package dev.konfig.config.entry;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;

/**
 * Checks a value against its type and validation schema, and the schema itself. JSON Schemas
 * default to draft 2020-12 and never fetch remote references, so a schema cannot make this
 * service call out.
 */
@Component
class ValueRules {

	private static final int MAX_CACHED_SCHEMAS = 1_000;

	/** Character reads a pattern may make; a sane pattern needs a few per character. */
	private static final int MAX_PATTERN_STEPS = 1_000_000;

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

	/** Draft 2020-12's meta-schema (shipped inside the library), which every json_schema must pass. */
	private final Schema metaSchema = this.registry
		.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

	/** Compiled schemas by their JSON text: the same schema is checked on every write of a config. */
	private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

	/** Refuses a schema that cannot be applied to the type (422 naming the rule). */
	void checkSchema(ValueType type, ValidationSchema schema) {
		boolean text = type == ValueType.STRING || type == ValueType.SELECT;
		if (!text && (schema.minLength() != null || schema.maxLength() != null || schema.pattern() != null)) {
			throw schemaError(schema.minLength() != null ? "min_length"
					: schema.maxLength() != null ? "max_length" : "pattern", "applies to string and select values only");
		}
		if (type != ValueType.NUMBER && (schema.minValue() != null || schema.maxValue() != null)) {
			throw schemaError(schema.minValue() != null ? "min_value" : "max_value", "applies to number values only");
		}
		if (type == ValueType.SELECT && (schema.options() == null || schema.options().isEmpty())) {
			throw schemaError("options", "a select config needs at least one option");
		}
		if (type != ValueType.SELECT && schema.options() != null) {
			throw schemaError("options", "applies to select values only");
		}
		if ((schema.minLength() != null && schema.minLength() < 0)
				|| (schema.maxLength() != null && schema.maxLength() < 0)) {
			throw schemaError("min_length", "lengths cannot be negative");
		}
		if (schema.minLength() != null && schema.maxLength() != null && schema.minLength() > schema.maxLength()) {
			throw schemaError("min_length", "is greater than max_length");
		}
		if (schema.minValue() != null && schema.maxValue() != null
				&& schema.minValue().compareTo(schema.maxValue()) > 0) {
			throw schemaError("min_value", "is greater than max_value");
		}
		if (schema.pattern() != null) {
			try {
				Pattern.compile(schema.pattern());
			}
			catch (PatternSyntaxException ex) {
				throw schemaError("pattern", "is not a valid regular expression");
			}
		}
		if (schema.jsonSchema() != null) {
			compile(schema.jsonSchema());
		}
	}

	/** Refuses a value that does not match its type or breaks a rule (422 naming the rule). */
	void check(ValueType type, ValidationSchema schema, JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			throw new ConfigRuleViolationException("value", "value_type", "a value is required");
		}
		switch (type) {
			case STRING, SELECT -> {
				if (!value.isString()) {
					throw typeError(type, "a JSON string");
				}
				checkText(schema, value.stringValue());
				if (type == ValueType.SELECT && !schema.options().contains(value.stringValue())) {
					throw new ConfigRuleViolationException("value", "options",
							"must be one of " + String.join(", ", schema.options()));
				}
			}
			case NUMBER -> {
				if (!value.isNumber()) {
					throw typeError(type, "a JSON number");
				}
				checkBounds(schema, value.decimalValue());
			}
			case BOOLEAN -> {
				if (!value.isBoolean()) {
					throw typeError(type, "true or false");
				}
			}
			case JSON -> {
				// Any JSON document is a json value.
			}
		}
		if (schema.jsonSchema() != null) {
			List<Error> errors = compile(schema.jsonSchema()).validate(value);
			if (!errors.isEmpty()) {
				throw new ConfigRuleViolationException("value", "json_schema", errors.get(0).getMessage());
			}
		}
	}

	private static void checkText(ValidationSchema schema, String text) {
		int length = text.codePointCount(0, text.length());
		if (schema.minLength() != null && length < schema.minLength()) {
			throw new ConfigRuleViolationException("value", "min_length",
					"must be at least " + schema.minLength() + " characters long");
		}
		if (schema.maxLength() != null && length > schema.maxLength()) {
			throw new ConfigRuleViolationException("value", "max_length",
					"must be at most " + schema.maxLength() + " characters long");
		}
		if (schema.pattern() != null) {
			boolean matches;
			try {
				matches = Pattern.compile(schema.pattern()).matcher(new StepLimitedText(text, MAX_PATTERN_STEPS)).matches();
			}
			catch (StepLimitedText.TooManyStepsException ex) {
				throw new ConfigRuleViolationException("value", "pattern",
						"is too costly to check against this value; simplify the pattern");
			}
			if (!matches) {
				throw new ConfigRuleViolationException("value", "pattern", "must match " + schema.pattern());
			}
		}
	}

	private static void checkBounds(ValidationSchema schema, BigDecimal number) {
		if (schema.minValue() != null && number.compareTo(schema.minValue()) < 0) {
			throw new ConfigRuleViolationException("value", "min_value",
					"must be at least " + schema.minValue().toPlainString());
		}
		if (schema.maxValue() != null && number.compareTo(schema.maxValue()) > 0) {
			throw new ConfigRuleViolationException("value", "max_value",
					"must be at most " + schema.maxValue().toPlainString());
		}
	}

	private Schema compile(JsonNode jsonSchema) {
		String text = jsonSchema.toString();
		Schema cached = this.compiled.get(text);
		if (cached != null) {
			return cached;
		}
		if (!jsonSchema.isObject() && !jsonSchema.isBoolean()) {
			throw schemaError("json_schema", "must be a JSON Schema object");
		}
		try {
			List<Error> invalid = this.metaSchema.validate(jsonSchema);
			if (!invalid.isEmpty()) {
				throw schemaError("json_schema", "is not a valid JSON Schema: " + invalid.get(0).getMessage());
			}
			Schema schema = this.registry.getSchema(jsonSchema);
			// Compiling resolves references lazily; a trial run surfaces a broken schema now.
			schema.validate(tools.jackson.databind.node.NullNode.getInstance());
			if (this.compiled.size() < MAX_CACHED_SCHEMAS) {
				this.compiled.put(text, schema);
			}
			return schema;
		}
		catch (SchemaException | IllegalArgumentException | IllegalStateException ex) {
			throw schemaError("json_schema", "is not a usable JSON Schema");
		}
	}

	private static ConfigRuleViolationException typeError(ValueType type, String expected) {
		return new ConfigRuleViolationException("value", "value_type",
				"a " + type.value() + " config needs " + expected);
	}

	private static ConfigRuleViolationException schemaError(String rule, String message) {
		return new ConfigRuleViolationException("validation_schema", rule, message);
	}

}

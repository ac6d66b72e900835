package dev.konfig.config.entry;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueRulesTests {

	private final ValueRules rules = new ValueRules();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void acceptsValuesOfTheirType() {
		assertThatCode(() -> {
			this.rules.check(ValueType.STRING, ValidationSchema.NONE, node("\"x\""));
			this.rules.check(ValueType.NUMBER, ValidationSchema.NONE, node("1.5"));
			this.rules.check(ValueType.BOOLEAN, ValidationSchema.NONE, node("false"));
			this.rules.check(ValueType.JSON, ValidationSchema.NONE, node("[1, {\"a\": null}]"));
		}).doesNotThrowAnyException();
	}

	@Test
	void refusesValuesOfAnotherType() {
		assertRule(() -> this.rules.check(ValueType.NUMBER, ValidationSchema.NONE, node("\"1\"")), "value_type");
		assertRule(() -> this.rules.check(ValueType.BOOLEAN, ValidationSchema.NONE, node("1")), "value_type");
		assertRule(() -> this.rules.check(ValueType.STRING, ValidationSchema.NONE, node("null")), "value_type");
	}

	@Test
	void countsLengthInCharactersNotBytes() {
		ValidationSchema max2 = new ValidationSchema(null, 2, null, null, null, null, null);
		assertThatCode(() -> this.rules.check(ValueType.STRING, max2, node("\"éé\""))).doesNotThrowAnyException();
		assertRule(() -> this.rules.check(ValueType.STRING, max2, node("\"abc\"")), "max_length");
	}

	@Test
	void matchesThePatternAgainstTheWholeValue() {
		ValidationSchema digits = new ValidationSchema(null, null, "[0-9]+", null, null, null, null);
		assertThatCode(() -> this.rules.check(ValueType.STRING, digits, node("\"123\""))).doesNotThrowAnyException();
		assertRule(() -> this.rules.check(ValueType.STRING, digits, node("\"12a\"")), "pattern");
	}

	@Test
	void refusesAPatternThatBacktracksWithoutEnd() {
		ValidationSchema none = new ValidationSchema(null, null, null, null, null, null, null);
		ValidationSchema nested = new ValidationSchema(null, null, "(a+)+b", null, null, null, null);
		String text = "\"" + "a".repeat(40) + "c\"";
		long started = System.nanoTime();
		assertRule(() -> this.rules.check(ValueType.STRING, nested, node(text)), "pattern");
		assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
		assertThatCode(() -> this.rules.check(ValueType.STRING, none, node(text))).doesNotThrowAnyException();
	}

	@Test
	void comparesNumbersExactly() {
		ValidationSchema bounds = new ValidationSchema(null, null, null, new BigDecimal("0.1"), new BigDecimal("0.3"),
				null, null);
		assertThatCode(() -> this.rules.check(ValueType.NUMBER, bounds, node("0.3"))).doesNotThrowAnyException();
		assertRule(() -> this.rules.check(ValueType.NUMBER, bounds, node("0.30000001")), "max_value");
		assertRule(() -> this.rules.check(ValueType.NUMBER, bounds, node("0.09")), "min_value");
	}

	@Test
	void refusesSchemasThatCannotApply() {
		assertRule(() -> this.rules.checkSchema(ValueType.SELECT, ValidationSchema.NONE), "options");
		assertRule(() -> this.rules.checkSchema(ValueType.NUMBER,
				new ValidationSchema(1, null, null, null, null, null, null)), "min_length");
		assertRule(() -> this.rules.checkSchema(ValueType.STRING,
				new ValidationSchema(null, null, null, BigDecimal.ONE, null, null, null)), "min_value");
		assertRule(() -> this.rules.checkSchema(ValueType.STRING,
				new ValidationSchema(5, 2, null, null, null, null, null)), "min_length");
		assertRule(() -> this.rules.checkSchema(ValueType.JSON,
				new ValidationSchema(null, null, null, null, null, null, node("{\"type\": 12}"))), "json_schema");
		assertRule(() -> this.rules.checkSchema(ValueType.JSON,
				new ValidationSchema(null, null, null, null, null, null, node("[]"))), "json_schema");
	}

	@Test
	void appliesAJsonSchemaToAnyType() {
		ValidationSchema schema = new ValidationSchema(null, null, null, null, null, null,
				node("{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}, \"required\": [\"n\"]}"));
		this.rules.checkSchema(ValueType.JSON, schema);
		assertThatCode(() -> this.rules.check(ValueType.JSON, schema, node("{\"n\": 1}"))).doesNotThrowAnyException();
		assertRule(() -> this.rules.check(ValueType.JSON, schema, node("{\"n\": \"1\"}")), "json_schema");
		assertRule(() -> this.rules.check(ValueType.JSON, schema, node("{}")), "json_schema");
	}

	@Test
	void neverFetchesARemoteSchema() {
		ValidationSchema remote = new ValidationSchema(null, null, null, null, null, null,
				node("{\"$ref\": \"http://127.0.0.1:9/schema.json\"}"));
		assertRule(() -> {
			this.rules.checkSchema(ValueType.JSON, remote);
			this.rules.check(ValueType.JSON, remote, node("{}"));
		}, "json_schema");
	}

	@Test
	void checksSelectOptions() {
		ValidationSchema options = new ValidationSchema(null, null, null, null, null, List.of("a", "b"), null);
		this.rules.checkSchema(ValueType.SELECT, options);
		assertThatCode(() -> this.rules.check(ValueType.SELECT, options, node("\"b\""))).doesNotThrowAnyException();
		assertRule(() -> this.rules.check(ValueType.SELECT, options, node("\"c\"")), "options");
	}

	private JsonNode node(String text) {
		return this.json.readTree(text);
	}

	private static void assertRule(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String rule) {
		assertThatThrownBy(call).isInstanceOfSatisfying(ConfigRuleViolationException.class,
				ex -> assertThat(ex.rule()).isEqualTo(rule));
	}

}

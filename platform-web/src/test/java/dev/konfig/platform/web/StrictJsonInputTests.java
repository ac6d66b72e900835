package dev.konfig.platform.web;

import java.util.List;

import jakarta.validation.Valid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's JSON reading rules as every service's mapper applies them, and the 400 problem
 * the handler makes of a refused body: the field named by its JSON path, the value never echoed.
 */
class StrictJsonInputTests {

	private static final JsonMapper MAPPER = strictMapper();

	private final WebTestClient client = WebTestClient.bindToController(new EchoController())
		.controllerAdvice(new ProblemExceptionHandler())
		.httpMessageCodecs(codecs -> {
			codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(MAPPER));
		})
		.build();

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"tenant_name": 12345}                          | tenant_name | must be a string
			{"tenant_name": 1.5}                            | tenant_name | must be a string
			{"tenant_name": true}                           | tenant_name | must be a string
			{"tenant_name": "ok", "is_secret": 12345}       | is_secret   | must be a boolean
			{"tenant_name": "ok", "is_secret": "true"}      | is_secret   | must be a boolean
			{"tenant_name": "ok", "limit": "5"}             | limit       | must be an integer
			{"tenant_name": "ok", "limit": 5.5}             | limit       | must be an integer
			{"tenant_name": "ok", "tags": ["a", false]}     | tags[1]     | must be a string
			{"tenant_name": "ok", "kind": 1}                | kind        | must be one of the allowed values
			{"tenant_name": "ok", "kind": "nope"}           | kind        | must be one of the allowed values
			""")
	void refusesAValueOfTheWrongJsonType(String body, String field, String message) {
		refused(body, field, message);
	}

	@ParameterizedTest
	@ValueSource(strings = { "a\\u0000b", "\\u0001", "bell\\u0007", "\\u007f", "\\ud800", "x\\udc00y",
			"\\ud800\\ud800" })
	void refusesControlCharactersAndUnpairedSurrogatesInAnyString(String escaped) {
		refused("{\"tenant_name\": \"" + escaped + "\"}", "tenant_name", StrictJsonInput.TEXT_RULE);
		refused("{\"tenant_name\": \"ok\", \"tags\": [\"" + escaped + "\"]}", "tags[0]", StrictJsonInput.TEXT_RULE);
		refused("{\"tenant_name\": \"ok\", \"value\": {\"a\": [\"" + escaped + "\"]}}", "value",
				StrictJsonInput.TEXT_RULE);
		// A lone surrogate in a member name already stops the parser: still a 400 problem.
		this.client.post()
			.uri("/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tenant_name\": \"ok\", \"value\": {\"" + escaped + "\": 1}}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e400", "-1e400", "[1, 2e999]", "{\"n\": 1e309}" })
	void refusesNumbersBeyondTheRangeOfADoubleInFreeJson(String value) {
		refused("{\"tenant_name\": \"ok\", \"value\": " + value + "}", "value", StrictJsonInput.NUMBER_RULE);
	}

	@Test
	void acceptsTabsNewlinesPairedSurrogatesAndAnyOtherJson() {
		this.client.post()
			.uri("/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tenant_name\": \"a\\tb\\nc\\r\\ud83d\\ude00 é\", \"is_secret\": false, \"limit\": 3, "
					+ "\"tags\": [\"x\"], \"value\": {\"deep\": [1, 2.5, 1e300, 123456789012345678901234567890, null, "
					+ "true, \"text\"]}}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenantName")
			.isEqualTo("a\tb\nc\r\uD83D\uDE00 é")
			.jsonPath("$.value.deep[2]")
			.isEqualTo(1e300);
	}

	@Test
	void refusesTooDeepNestingAsABadRequest() {
		String deep = "[".repeat(10_000) + "]".repeat(10_000);
		this.client.post()
			.uri("/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tenant_name\": \"ok\", \"value\": " + deep + "}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void isSafeTextKeepsOrdinaryTextAndRefusesTheRest() {
		assertThat(StrictJsonInput.isSafeText("Straße\t😀\r\n")).isTrue();
		assertThat(StrictJsonInput.isSafeText("a\u0000")).isFalse();
		assertThat(StrictJsonInput.isSafeText("\u001b[31m")).isFalse();
		assertThat(StrictJsonInput.isSafeText("\uDE00")).isFalse();
		assertThat(StrictJsonInput.isSafeText("\uD83D")).isFalse();
	}

	private void refused(String body, String field, String message) {
		this.client.post()
			.uri("/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo(field)
			.jsonPath("$.errors[0].message")
			.isEqualTo(message)
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).isEqualTo("'" + field + "' " + message)
				.doesNotContain("12345")
				.doesNotContain("\u0000"));
	}

	private static JsonMapper strictMapper() {
		JsonMapper.Builder builder = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
		StrictJsonInput.apply(builder);
		return builder.build();
	}

	record Echo(String tenantName, Boolean isSecret, Integer limit, List<String> tags, JsonNode value, Kind kind) {
	}

	enum Kind {

		PLAIN;

		@com.fasterxml.jackson.annotation.JsonCreator
		static Kind of(String value) {
			if ("plain".equals(value)) {
				return PLAIN;
			}
			throw new IllegalArgumentException("kind must be plain");
		}

	}

	@RestController
	static class EchoController {

		@PostMapping("/echo")
		Mono<Echo> echo(@Valid @RequestBody Echo body) {
			return Mono.just(body);
		}

	}

}

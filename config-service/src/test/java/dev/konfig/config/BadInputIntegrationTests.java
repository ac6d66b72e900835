package dev.konfig.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile or mistyped JSON in namespace and config writes is a 400 naming the field, and
 * nothing is written: NUL and other control characters or unpaired surrogates in any string
 * (inside a json config's value too), numbers beyond the range of a double ({@code 1e400}), and
 * a number or boolean where a string belongs (or the reverse).
 */
class BadInputIntegrationTests extends ConfigIntegrationTest {

	private static final String NUL = "\\u0000";

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"name": "ns\\u0000x"}                            | name
			{"name": "ns", "description": "a\\u0000b"}        | description
			{"name": "ns", "description": "\\ud800"}          | description
			{"name": "ns", "description": "bell\\u0007"}      | description
			{"name": 12345}                                   | name
			{"name": true}                                    | name
			{"name": "ns", "require_if_match": 12345}         | require_if_match
			{"name": "ns", "require_if_match": "true"}        | require_if_match
			""")
	void refusesHostileNamespacesAndCreatesNothing(String body, String field) throws SQLException {
		String member = user(organization(), Role.MEMBER);
		long namespaces = rows("config.namespaces");
		refused(send(member, "POST", "/api/v1/namespaces", body), field);
		assertThat(rows("config.namespaces")).isEqualTo(namespaces);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"key": "k\\u0000", "value": "v", "value_type": "string"}                   | key
			{"key": true, "value": "v", "value_type": "string"}                          | key
			{"key": 12345, "value": "v", "value_type": "string"}                         | key
			{"key": "k", "value": "v\\u0000", "value_type": "string"}                   | value
			{"key": "k", "value": "\\udc00", "value_type": "string"}                    | value
			{"key": "k", "value": 1e400, "value_type": "number"}                         | value
			{"key": "k", "value": -1e400, "value_type": "number"}                        | value
			{"key": "k", "value": 1e400, "value_type": "json"}                           | value
			{"key": "k", "value": {"a": [1, 1e400]}, "value_type": "json"}               | value
			{"key": "k", "value": {"a": ["x\\u0000"]}, "value_type": "json"}            | value
			{"key": "k", "value": {"a\\u0000": 1}, "value_type": "json"}                | value
			{"key": "k", "value": "v", "value_type": "string", "is_secret": 12345}       | is_secret
			{"key": "k", "value": "v", "value_type": "string", "is_secret": "true"}      | is_secret
			{"key": "k", "value": "v", "value_type": "string", "description": 7}         | description
			{"key": "k", "value": "v", "value_type": 1}                                  | value_type
			{"key": "k", "value": "v", "value_type": "string", "validation_schema": {"pattern": 5}}      | validation_schema.pattern
			{"key": "k", "value": "v", "value_type": "string", "validation_schema": {"max_length": "9"}} | validation_schema.max_length
			""")
	void refusesHostileConfigsAndCreatesNothing(String body, String field) throws SQLException {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("bad"));
		long configs = rows("config.configs");
		long history = rows("config.config_history");
		refused(send(member, "POST", "/api/v1/namespaces/" + ns + "/configs", body), field);
		assertThat(rows("config.configs")).isEqualTo(configs);
		assertThat(rows("config.config_history")).isEqualTo(history);
	}

	@Test
	void refusesHostileChangesAndKeepsTheValue() throws SQLException {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("bad"));
		String path = "/api/v1/namespaces/" + ns + "/configs/";
		config(member, ns, "limit", 5, "number");
		config(member, ns, "doc", java.util.Map.of("a", 1), "json");
		long history = rows("config.config_history");

		refused(send(member, "PATCH", path + "limit", "{\"value\": 1e400}"), "value");
		refused(send(member, "PATCH", path + "doc", "{\"value\": {\"b\": 1e400}}"), "value");
		refused(send(member, "PATCH", path + "doc", "{\"value\": {\"b\": \"" + NUL + "\"}}"), "value");
		refused(send(member, "PATCH", path + "doc", "{\"is_secret\": 1}"), "is_secret");
		refused(send(member, "PATCH", "/api/v1/namespaces/" + ns, "{\"description\": \"" + NUL + "\"}"),
				"description");

		assertThat(rows("config.config_history")).isEqualTo(history);
		get(member, path + "limit").exchange().expectBody().jsonPath("$.value").isEqualTo(5);
		get(member, path + "doc").exchange().expectBody().jsonPath("$.value.a").isEqualTo(1);
	}

	@Test
	void keepsAcceptingAnyOtherJsonInAJsonConfig() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("ok"));
		send(member, "POST", "/api/v1/namespaces/" + ns + "/configs",
				"{\"key\": \"doc\", \"value_type\": \"json\", \"value\": {\"text\": \"tab\\there\\nand \\ud83d\\ude00\", "
						+ "\"big\": 123456789012345678901234567890, \"small\": 1e-300, \"list\": [true, null, 1.5]}}")
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.value.text")
			.isEqualTo("tab\there\nand \uD83D\uDE00");
	}

	private WebTestClient.ResponseSpec send(String token, String method, String uri, String json) {
		return this.http.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(uri)
			.headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private static void refused(WebTestClient.ResponseSpec response, String field) {
		response.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo(field)
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).doesNotContain("\u0000")
				.doesNotContain("12345")
				.doesNotContain("Infinity"));
	}

	private static long rows(String table) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}

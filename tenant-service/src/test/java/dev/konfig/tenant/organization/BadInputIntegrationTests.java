package dev.konfig.tenant.organization;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile or mistyped JSON in organization writes, public and internal, is a 400 naming the
 * field, and nothing is written (so a caller such as auth-service gets a 4xx, never a 5xx its
 * breaker would count).
 */
class BadInputIntegrationTests extends TenantIntegrationTest {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"name": "Org\\u0000x"}                       | name
			{"name": "\\ud800"}                           | name
			{"name": "Org", "description": "\\u001b[2J"}  | description
			{"name": 12345}                               | name
			{"name": false}                               | name
			""")
	void refusesHostileOrganizationsAndCreatesNothing(String body, String field) throws SQLException {
		long organizations = organizations();
		String token = userToken(UUID.randomUUID(), Map.of());
		refused(send(token, "POST", "/api/v1/organizations", body), field);
		String internal = body.replace("{", "{\"id\": \"" + UUID.randomUUID() + "\", ");
		refused(send(serviceToken(), "POST", "/internal/organizations", internal), field);
		assertThat(organizations()).isEqualTo(organizations);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"name": "x\\u0000"}                          | name
			{"description": 42}                           | description
			{"settings": {"a": "\\u0000"}}                | settings
			{"settings": {"limit": 1e400}}                | settings
			{"settings": {"\\u0000": 1}}                  | settings
			""")
	void refusesHostileChangesAndKeepsTheOrganization(String body, String field) {
		String name = uniqueName("Kept");
		UUID id = organization(name);
		String token = userToken(UUID.randomUUID(), Map.of(id, Role.OWNER));
		refused(send(token, "PATCH", "/api/v1/organizations/" + id, body), field);
		this.http.get()
			.uri("/api/v1/organizations/{id}", id)
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(name);
	}

	@Test
	void keepsAcceptingOrdinaryText() {
		String token = userToken(UUID.randomUUID(), Map.of());
		send(token, "POST", "/api/v1/organizations",
				"{\"name\": \"Straße \\ud83d\\ude00 " + UUID.randomUUID() + "\", \"description\": \"line\\nline\\ttab\"}")
			.expectStatus()
			.isCreated();
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
			.value(detail -> assertThat((String) detail).doesNotContain("\u0000").doesNotContain("12345"));
	}

	private static long organizations() throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from tenant.organizations")) {
			rows.next();
			return rows.getLong(1);
		}
	}

}

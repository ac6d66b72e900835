package dev.konfig.auth;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile or mistyped JSON (NUL and other control characters, unpaired surrogates, a number or
 * boolean where a string belongs) is a 400 naming the field at auth-service itself: nothing is
 * written, tenant-service is never called, and so its breaker never counts the client's mistake.
 */
class BadInputIntegrationTests extends AuthIntegrationTest {

	private static final String NUL = "\\u0000";

	@Test
	void refusesHostileRegistrationsBeforeCallingTenantService() throws SQLException {
		long users = rows("auth.users");
		int calls = tenant.calls.size();
		for (String field : List.of("tenant_name", "email", "password", "full_name")) {
			refused(post("/api/v1/auth/register", registration(field, "\"bad" + NUL + "name\"")), field);
			refused(post("/api/v1/auth/register", registration(field, "\"\\ud800\"")), field);
			refused(post("/api/v1/auth/register", registration(field, "12345")), field);
			refused(post("/api/v1/auth/register", registration(field, "true")), field);
		}
		assertThat(tenant.calls).hasSize(calls);
		assertThat(rows("auth.users")).isEqualTo(users);
	}

	@Test
	void manyHostileRegistrationsNeverOpenTheBreakerToTenantService() {
		Map<String, Object> owner = registerOwner();
		for (int i = 0; i < 40; i++) {
			refused(post("/api/v1/auth/register", registration("tenant_name", "\"Org" + NUL + i + "\"")),
					"tenant_name");
		}
		login((String) user(owner).get("email"), PASSWORD).expectStatus().isOk();
		registerOwner();
	}

	@Test
	void refusesHostileLogins() {
		refused(post("/api/v1/auth/login", "{\"email\": \"a" + NUL + "@example.test\", \"password\": \"x\"}"),
				"email");
		refused(post("/api/v1/auth/login", "{\"email\": \"a@example.test\", \"password\": 12345678}"), "password");
		refused(post("/api/v1/auth/login", "{\"email\": true, \"password\": \"x\"}"), "email");
	}

	@Test
	void refusesHostileUsersAndApiKeysAndWritesNothing() throws SQLException {
		String token = (String) registerOwner().get("access_token");
		long users = rows("auth.users");
		long keys = rows("auth.api_keys");

		refused(call(token, "POST", "/api/v1/users", "{\"email\": \"" + uniqueEmail() + "\", \"password\": \""
				+ PASSWORD + "\", \"full_name\": \"Some" + NUL + "One\", \"role\": \"member\"}"), "full_name");
		refused(call(token, "POST", "/api/v1/users", "{\"email\": \"" + uniqueEmail() + "\", \"password\": \""
				+ PASSWORD + "\", \"full_name\": \"Some One\", \"role\": 1}"), "role");
		refused(call(token, "POST", "/api/v1/api-keys", "{\"name\": \"ci\\u0007\", \"scopes\": \"read\"}"), "name");
		refused(call(token, "POST", "/api/v1/api-keys", "{\"name\": \"ci\", \"scopes\": true}"), "scopes");
		refused(call(token, "POST", "/api/v1/api-keys", "{\"name\": \"ci\", \"scopes\": \"read\\udc00\"}"), "scopes");

		assertThat(rows("auth.users")).isEqualTo(users);
		assertThat(rows("auth.api_keys")).isEqualTo(keys);
	}

	@Test
	void refusesMistypedUserChanges() {
		Map<String, Object> owner = registerOwner();
		String token = (String) owner.get("access_token");
		Object id = user(owner).get("id");
		refused(call(token, "PATCH", "/api/v1/users/" + id, "{\"is_active\": 12345}"), "is_active");
		refused(call(token, "PATCH", "/api/v1/users/" + id, "{\"is_active\": \"false\"}"), "is_active");
		refused(call(token, "PATCH", "/api/v1/users/" + id, "{\"full_name\": \"x" + NUL + "\"}"), "full_name");
		this.http.get()
			.uri("/api/v1/auth/me")
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectBody()
			.jsonPath("$.full_name")
			.isEqualTo("Owner Person")
			.jsonPath("$.is_active")
			.isEqualTo(true);
	}

	private static String registration(String field, String rawJsonValue) {
		Map<String, String> values = new HashMap<>(Map.of("tenant_name", "\"" + uniqueName("Org") + "\"", "email",
				"\"" + uniqueEmail() + "\"", "password", "\"" + PASSWORD + "\"", "full_name", "\"Owner Person\""));
		values.put(field, rawJsonValue);
		return values.entrySet()
			.stream()
			.map(entry -> "\"" + entry.getKey() + "\": " + entry.getValue())
			.collect(java.util.stream.Collectors.joining(", ", "{", "}"));
	}

	private WebTestClient.ResponseSpec post(String uri, String json) {
		return this.http.post()
			.uri(uri)
			.header("X-Forwarded-For", randomAddress())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private WebTestClient.ResponseSpec call(String token, String method, String uri, String json) {
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

	private static long rows(String table) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}

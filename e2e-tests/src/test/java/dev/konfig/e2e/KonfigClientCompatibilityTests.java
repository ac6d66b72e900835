package dev.konfig.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What konfig's own clients do (its pytest end-to-end suite and its Postman collection), in their
 * style: plain HTTP with JSON bodies, a bearer token or an {@code X-API-Key}, no {@code If-Match},
 * lists read as JSON arrays, updates with PUT, the new key read as {@code api_key}, and
 * {@code GET /health} before anything else. Each step checks what those clients check.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KonfigClientCompatibilityTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private String base;

	private String apiBase;

	private String token;

	@BeforeAll
	void registerATenant() throws Exception {
		this.base = Suite.get().gatewayUrl();
		this.apiBase = this.base + "/api/v1";
		Answer health = call("GET", this.base + "/health", null, Map.of());
		assertThat(health.status()).isEqualTo(200);
		String suffix = unique();
		Answer registered = call("POST", this.apiBase + "/auth/register",
				Map.of("tenant_name", "compat_" + suffix, "email", "compat_" + suffix + "@example.com", "password",
						"E2ETestPassword123!", "full_name", "E2E Test Owner"),
				Map.of());
		assertThat(registered.status()).as(registered.text()).isEqualTo(201);
		this.token = registered.json().get("access_token").asString();
	}

	@Test
	void healthCheck() throws Exception {
		Answer response = call("GET", this.base + "/health", null, Map.of());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("status").asString()).isEqualTo("healthy");
		assertThat(response.json().has("app")).isTrue();
		assertThat(response.json().has("version")).isTrue();
	}

	@Test
	void authenticationFlow() throws Exception {
		String suffix = unique();
		Map<String, Object> tenant = Map.of("tenant_name", "auth_test_" + suffix, "email",
				"auth_test_" + suffix + "@example.com", "password", "TestPassword123!", "full_name", "Auth Test Owner");
		Answer registered = call("POST", this.apiBase + "/auth/register", tenant, Map.of());
		assertThat(registered.status()).isEqualTo(201);
		assertThat(registered.json().has("access_token")).isTrue();
		assertThat(registered.json().get("user").get("email").asString()).isEqualTo(tenant.get("email"));
		assertThat(registered.json().get("tenant_id").asString()).isNotBlank();

		Answer login = call("POST", this.apiBase + "/auth/login",
				Map.of("email", tenant.get("email"), "password", tenant.get("password")), Map.of());
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.json().has("access_token")).isTrue();
		assertThat(login.json().has("refresh_token")).isTrue();
		assertThat(login.json().get("token_type").asString()).isEqualTo("bearer");
		assertThat(login.json().get("user").get("id").asString()).isNotBlank();

		Answer wrong = call("POST", this.apiBase + "/auth/login",
				Map.of("email", tenant.get("email"), "password", "WrongPassword"), Map.of());
		assertThat(wrong.status()).isEqualTo(401);
	}

	@Test
	void usersCrudWithPut() throws Exception {
		Map<String, String> auth = bearer();
		Answer created = call("POST", this.apiBase + "/users", Map.of("email", "admin_" + unique() + "@example.com",
				"password", "SecurePassword123!", "full_name", "Admin User", "role", "member"), auth);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String userId = created.json().get("id").asString();

		Answer users = call("GET", this.apiBase + "/users", null, auth);
		assertThat(users.status()).isEqualTo(200);
		assertThat(users.json().isArray()).isTrue();
		assertThat(ids(users.json())).contains(userId);

		assertThat(call("GET", this.apiBase + "/users/" + userId, null, auth).status()).isEqualTo(200);
		Answer updated = call("PUT", this.apiBase + "/users/" + userId,
				Map.of("full_name", "Updated Name", "role", "admin"), auth);
		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		assertThat(updated.json().get("full_name").asString()).isEqualTo("Updated Name");
		assertThat(updated.json().get("role").asString()).isEqualTo("admin");

		assertThat(call("DELETE", this.apiBase + "/users/" + userId, null, auth).status()).isEqualTo(204);
		assertThat(call("GET", this.apiBase + "/users/" + userId, null, auth).status()).isEqualTo(404);
	}

	@Test
	void namespaceCrud() throws Exception {
		Map<String, String> auth = bearer();
		Answer created = call("POST", this.apiBase + "/namespaces",
				Map.of("name", "e2e_namespace_" + unique(), "description", "E2E test namespace"), auth);
		assertThat(created.status()).isEqualTo(201);
		String namespaceId = created.json().get("id").asString();

		Answer list = call("GET", this.apiBase + "/namespaces", null, auth);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().isArray()).isTrue();
		assertThat(ids(list.json())).contains(namespaceId);

		assertThat(call("GET", this.apiBase + "/namespaces/" + namespaceId, null, auth).json().get("id").asString())
			.isEqualTo(namespaceId);
		Answer updated = call("PUT", this.apiBase + "/namespaces/" + namespaceId,
				Map.of("description", "Updated description"), auth);
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().get("description").asString()).isEqualTo("Updated description");

		assertThat(call("DELETE", this.apiBase + "/namespaces/" + namespaceId, null, auth).status()).isEqualTo(204);
		assertThat(call("GET", this.apiBase + "/namespaces/" + namespaceId, null, auth).status()).isEqualTo(404);
	}

	@Test
	void configCrudWithUnconditionalPut() throws Exception {
		Map<String, String> auth = bearer();
		String configs = this.apiBase + "/namespaces/" + namespace(auth, "config_test_ns_") + "/configs";
		Answer created = call("POST", configs, Map.of("key", "app_name", "value", "My Application", "value_type",
				"string", "description", "Application name", "is_secret", false), auth);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.json().get("value").asString()).isEqualTo("My Application");
		assertThat(created.json().get("version").asLong()).isEqualTo(1);

		Answer list = call("GET", configs, null, auth);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().isArray()).isTrue();
		assertThat(list.json().size()).isGreaterThanOrEqualTo(1);

		assertThat(call("GET", configs + "/app_name", null, auth).json().get("key").asString()).isEqualTo("app_name");
		Answer updated = call("PUT", configs + "/app_name", Map.of("value", "Updated Application Name"), auth);
		assertThat(updated.status()).as(updated.text()).isEqualTo(200);
		assertThat(updated.json().get("value").asString()).isEqualTo("Updated Application Name");
		assertThat(updated.json().get("version").asLong()).isEqualTo(2);

		assertThat(call("DELETE", configs + "/app_name", null, auth).status()).isEqualTo(204);
		assertThat(call("GET", configs + "/app_name", null, auth).status()).isEqualTo(404);
	}

	@Test
	void everyConfigType() throws Exception {
		Map<String, String> auth = bearer();
		String configs = this.apiBase + "/namespaces/" + namespace(auth, "types_test_ns_") + "/configs";
		assertThat(call("POST", configs, Map.of("key", "string_config", "value", "test string", "value_type", "string",
				"is_secret", false), auth).status()).isEqualTo(201);
		assertThat(call("POST", configs,
				Map.of("key", "number_config", "value", 42, "value_type", "number", "is_secret", false), auth).status())
			.isEqualTo(201);
		assertThat(call("POST", configs, Map.of("key", "select_config", "value", "option1", "value_type", "select",
				"validation_schema", Map.of("options", List.of("option1", "option2", "option3")), "is_secret", false),
				auth).status()).isEqualTo(201);
		Answer json = call("POST", configs, Map.of("key", "json_config", "value",
				Map.of("nested", Map.of("key", "value"), "array", List.of(1, 2, 3), "boolean", true), "value_type",
				"json", "is_secret", false), auth);
		assertThat(json.status()).isEqualTo(201);
		assertThat(json.json().get("value").get("nested").get("key").asString()).isEqualTo("value");
		assertThat(json.json().get("value").get("array").size()).isEqualTo(3);
	}

	@Test
	void historyOfOneCreateAndFourUpdatesNewestFirst() throws Exception {
		Map<String, String> auth = bearer();
		String configs = this.apiBase + "/namespaces/" + namespace(auth, "history_test_ns_") + "/configs";
		assertThat(call("POST", configs,
				Map.of("key", "versioned_config", "value", "version 1", "value_type", "string", "is_secret", false),
				auth).status()).isEqualTo(201);
		for (int i = 2; i <= 5; i++) {
			Answer update = call("PUT", configs + "/versioned_config", Map.of("value", "version " + i), auth);
			assertThat(update.status()).as(update.text()).isEqualTo(200);
		}
		Answer history = call("GET", configs + "/versioned_config/history", null, auth);
		assertThat(history.status()).isEqualTo(200);
		assertThat(history.json().isArray()).isTrue();
		assertThat(history.json().size()).isEqualTo(5);
		assertThat(history.json().get(0).get("version").asLong()).isEqualTo(5);
		assertThat(history.json().get(4).get("version").asLong()).isEqualTo(1);
	}

	@Test
	void secretsRoundTrip() throws Exception {
		Map<String, String> auth = bearer();
		String configs = this.apiBase + "/namespaces/" + namespace(auth, "secret_test_ns_") + "/configs";
		Answer created = call("POST", configs, Map.of("key", "database_password", "value", "SuperSecretPassword123!",
				"value_type", "string", "is_secret", true), auth);
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("is_secret").asBoolean()).isTrue();
		Answer fetched = call("GET", configs + "/database_password", null, auth);
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.json().get("value").asString()).isEqualTo("SuperSecretPassword123!");
		assertThat(fetched.json().get("is_secret").asBoolean()).isTrue();
	}

	@Test
	void theSameCallsWithAnApiKey() throws Exception {
		Map<String, String> auth = bearer();
		Answer created = call("POST", this.apiBase + "/api-keys", Map.of("name", "Production Service", "scopes",
				"read,write"), auth);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		String apiKey = created.json().get("api_key").asString();
		assertThat(apiKey).startsWith("konfig_");
		String keyId = created.json().get("id").asString();

		Answer keys = call("GET", this.apiBase + "/api-keys", null, auth);
		assertThat(keys.json().isArray()).isTrue();
		assertThat(ids(keys.json())).contains(keyId);
		assertThat(keys.json().get(0).has("api_key")).isFalse();
		assertThat(call("GET", this.apiBase + "/api-keys/" + keyId, null, auth).status()).isEqualTo(200);

		Map<String, String> program = Map.of("X-API-Key", apiKey);
		String namespace = namespace(program, "api_key_ns_");
		String configs = this.apiBase + "/namespaces/" + namespace + "/configs";
		assertThat(call("POST", configs, Map.of("key", "api_url", "value", "https://api.example.com", "value_type",
				"string", "description", "API endpoint URL"), program).status()).isEqualTo(201);
		Answer put = call("PUT", configs + "/api_url",
				Map.of("value", "https://api-v2.example.com", "description", "Updated API endpoint"), program);
		assertThat(put.status()).as(put.text()).isEqualTo(200);
		assertThat(put.json().get("version").asLong()).isEqualTo(2);
		Answer namespaces = call("GET", this.apiBase + "/namespaces", null, program);
		assertThat(namespaces.status()).isEqualTo(200);
		assertThat(namespaces.json().isArray()).isTrue();
		assertThat(ids(namespaces.json())).contains(namespace);
		Answer config = call("GET", configs + "/api_url", null, program);
		assertThat(config.status()).isEqualTo(200);
		assertThat(config.json().get("value").asString()).isEqualTo("https://api-v2.example.com");

		assertThat(call("DELETE", this.apiBase + "/api-keys/" + keyId, null, auth).status()).isEqualTo(204);
	}

	private String namespace(Map<String, String> auth, String prefix) throws Exception {
		Answer created = call("POST", this.apiBase + "/namespaces", Map.of("name", prefix + unique()), auth);
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private Map<String, String> bearer() {
		return Map.of("Authorization", "Bearer " + this.token);
	}

	private static List<String> ids(JsonNode array) {
		return array.valueStream().map(item -> item.get("id").asString()).toList();
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private Answer call(String method, String url, Object body, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
		headers.forEach(request::header);
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		return new Answer(response.statusCode(), response.body());
	}

	private record Answer(int status, String text) {

		JsonNode json() {
			return JSON.readTree(this.text);
		}

	}

}

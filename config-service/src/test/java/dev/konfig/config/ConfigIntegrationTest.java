package dev.konfig.config;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.TestTokens;

/**
 * The one context every integration test class shares: the real service on a random port, the
 * real PostgreSQL (schema {@code config}) and real RS256 tokens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
public abstract class ConfigIntegrationTest {

	/** A test-only AES key, rotated in beside the default one to show key ids at work. */
	public static final String TEST_KEY = "test-2:" + java.util.Base64.getEncoder()
		.encodeToString("config-service-test-key-32-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));

	protected static final TestTokens tokens = TestTokens.get();

	@Autowired
	protected WebTestClient http;

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "config");
		TestTokens.register(registry);
		registry.add("konfig.config.secret-keys", () -> "dev-1:a29uZmlnLWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=," + TEST_KEY);
		registry.add("konfig.config.active-secret-key", () -> "test-2");
		OutboxRows.keepPending(registry);
		registry.add("konfig.security.client.token-uri", () -> "http://127.0.0.1:9/oauth2/token");
	}

	/** A fresh organization id: no other test's rows can be seen from it. */
	protected static UUID organization() {
		return UUID.randomUUID();
	}

	protected static String user(UUID organization, Role role) {
		return tokens.user(UUID.randomUUID(), organization, role);
	}

	protected static String apiKey(UUID organization, String... scopes) {
		return tokens.apiKey(UUID.randomUUID(), organization, scopes);
	}

	protected static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected static String etag(long version) {
		return "\"" + version + "\"";
	}

	protected WebTestClient.RequestHeadersSpec<?> get(String token, String path) {
		return this.http.get().uri(path).headers(headers -> headers.setBearerAuth(token));
	}

	protected WebTestClient.ResponseSpec post(String token, String path, Object body) {
		return this.http.post().uri(path).headers(headers -> headers.setBearerAuth(token)).bodyValue(body).exchange();
	}

	protected WebTestClient.ResponseSpec put(String token, String path, String ifMatch, Object body) {
		return this.http.put().uri(path).headers(headers -> {
			headers.setBearerAuth(token);
			if (ifMatch != null) {
				headers.set(HttpHeaders.IF_MATCH, ifMatch);
			}
		}).bodyValue(body).exchange();
	}

	protected WebTestClient.ResponseSpec delete(String token, String path, String ifMatch) {
		return this.http.delete().uri(path).headers(headers -> {
			headers.setBearerAuth(token);
			if (ifMatch != null) {
				headers.set(HttpHeaders.IF_MATCH, ifMatch);
			}
		}).exchange();
	}

	/** Creates a namespace and returns its id. */
	protected String namespace(String token, String name) {
		return post(token, "/api/v1/namespaces", Map.of("name", name)).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.toString();
	}

	/** Creates a config and returns its body. */
	@SuppressWarnings("unchecked")
	protected Map<String, Object> config(String token, String namespace, String key, Object value, String type,
			Object... more) {
		Map<String, Object> body = new HashMap<>();
		body.put("key", key);
		body.put("value", value);
		body.put("value_type", type);
		for (int i = 0; i < more.length; i += 2) {
			body.put((String) more[i], more[i + 1]);
		}
		return post(token, "/api/v1/namespaces/" + namespace + "/configs", body).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

}

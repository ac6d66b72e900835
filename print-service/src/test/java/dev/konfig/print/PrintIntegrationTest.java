package dev.konfig.print;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.TestTokens;

/**
 * The one context every integration test class shares: the real service on a random port, the
 * real PostgreSQL (schema {@code print}), real RS256 tokens, and {@link PeerStub} as file-service,
 * tenant-service and the token endpoint. Each test works in an organization of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
public abstract class PrintIntegrationTest {

	protected static final TestTokens tokens = TestTokens.get();

	protected static final PeerStub peers = PeerStub.get();

	@Autowired
	protected WebTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "print");
		TestTokens.register(registry);
		OutboxRows.keepPending(registry);
		registry.add("konfig.security.client.token-uri", () -> peers.url() + "/oauth2/token");
		registry.add("konfig.http.clients.file-service.base-url", peers::url);
		registry.add("konfig.http.clients.tenant-service.base-url", peers::url);
		registry.add("konfig.print.agent-lease", () -> "3s");
		// The sweeper runs when a test asks, not on its own.
		registry.add("konfig.print.lease-sweep-interval", () -> "1h");
	}

	protected static UUID organization() {
		return UUID.randomUUID();
	}

	protected static String user(UUID organization, Role role) {
		return tokens.user(UUID.randomUUID(), organization, role);
	}

	protected static String admin(UUID organization) {
		return user(organization, Role.ADMIN);
	}

	protected static String member(UUID organization) {
		return user(organization, Role.MEMBER);
	}

	protected static String apiKey(UUID organization, String... scopes) {
		return tokens.apiKey(UUID.randomUUID(), organization, scopes);
	}

	protected static String agent(UUID organization) {
		return apiKey(organization, "print:agent");
	}

	protected WebTestClient.ResponseSpec post(String token, String path, Object body) {
		return this.http.post()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	protected WebTestClient.ResponseSpec patch(String token, String path, Object body) {
		return this.http.patch()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	protected WebTestClient.ResponseSpec get(String token, String path) {
		return this.http.get().uri(path).headers(headers -> headers.setBearerAuth(token)).exchange();
	}

	protected WebTestClient.ResponseSpec delete(String token, String path) {
		return this.http.delete().uri(path).headers(headers -> headers.setBearerAuth(token)).exchange();
	}

	@SuppressWarnings("unchecked")
	protected static Map<String, Object> body(WebTestClient.ResponseSpec response) {
		return response.expectBody(Map.class).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	protected static List<Map<String, Object>> list(WebTestClient.ResponseSpec response) {
		return response.expectBody(List.class).returnResult().getResponseBody();
	}

	/** A printer of the organization (23 × 215 in, 400 DPI), created by an admin. */
	protected Map<String, Object> printer(UUID organization, Map<String, Object> extra) {
		Map<String, Object> request = new java.util.LinkedHashMap<>(
				Map.of("name", "DTF " + UUID.randomUUID(), "printer_type", "dtf", "max_width_inches", 23,
						"max_height_inches", 215, "dpi", 400));
		request.putAll(extra);
		return body(post(admin(organization), "/api/v1/printers", request).expectStatus().isCreated());
	}

	protected static long number(String sql, Object... values) {
		return TestDatabase.get().number(sql, values);
	}

}

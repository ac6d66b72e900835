package dev.konfig.tenant.organization;

import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.TestTokens;

/**
 * The one context every integration test class shares: the real service on a random port,
 * the real PostgreSQL, real tokens, and a stub auth-service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
public abstract class TenantIntegrationTest {

	protected static final TestTokens tokens = TestTokens.get();

	protected static final StubAuthService authService = StubAuthService.get();

	protected static final StubUsagePeer printService = StubUsagePeer.start();

	@Autowired
	protected WebTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "tenant");
		TestTokens.register(registry);
		registry.add("konfig.http.clients.auth-service.base-url", authService::baseUrl);
		registry.add("konfig.security.client.token-uri", () -> authService.baseUrl() + "/oauth2/token");
		// Short enough that a test can wait out a timeout, with its retries, in a few seconds.
		registry.add("konfig.http.defaults.response-timeout", () -> "1s");
		OutboxRows.keepPending(registry);
		// Statistics peers: file-service is down (nothing listens there), print-service a stub.
		registry.add("konfig.http.clients.file-service.base-url", () -> "http://127.0.0.1:9");
		registry.add("konfig.http.clients.print-service.base-url", printService::baseUrl);
	}

	protected static String serviceToken() {
		return tokens.service("auth-service");
	}

	/** A user token whose memberships the stub knows. */
	protected static String userToken(UUID userId, Map<UUID, Role> memberships) {
		UUID active = memberships.isEmpty() ? UUID.randomUUID() : memberships.keySet().iterator().next();
		String token = tokens.user(userId, active, memberships.getOrDefault(active, Role.MEMBER));
		authService.memberships(token, memberships);
		return token;
	}

	protected static String uniqueName(String prefix) {
		return prefix + " " + UUID.randomUUID();
	}

	/** Creates an organization through the internal API and returns its id. */
	protected UUID organization(String name) {
		UUID id = UUID.randomUUID();
		this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("id", id, "name", name))
			.exchange()
			.expectStatus()
			.isCreated();
		return id;
	}

}

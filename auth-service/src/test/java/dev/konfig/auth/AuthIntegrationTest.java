package dev.konfig.auth;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.EventHandler;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;

/**
 * The one context the integration test classes share: the real service on a random port,
 * the real PostgreSQL, and a stub tenant-service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
abstract class AuthIntegrationTest {

	static final StubTenantService tenant = StubTenantService.get();

	static final String PASSWORD = "correct horse battery";

	/** Listed in KONFIG_AUTH_PLATFORM_ADMINS for this run; registered by the tests that need it. */
	static final String CONFIGURED_PLATFORM_ADMIN = "platform-admin-" + UUID.randomUUID() + "@example.test";

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	WebTestClient http;

	@Autowired
	EventHandler organizationEvents;

	@Autowired
	TransactionalOperator transactions;

	@Autowired
	void client(WebTestClient client) {
		// Argon2 and two shared CPUs make the default 5s too tight for the first calls.
		this.http = client.mutate().responseTimeout(java.time.Duration.ofSeconds(30)).build();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "auth");
		registry.add("konfig.http.clients.tenant-service.base-url", tenant::baseUrl);
		registry.add("konfig.auth.argon2.memory-kib", () -> "4096");
		registry.add("konfig.auth.argon2.iterations", () -> "1");
		registry.add("konfig.auth.clients.tenant-service", () -> "test-tenant-secret");
		registry.add("konfig.auth.clients.importer", () -> "test-importer-secret");
		registry.add("konfig.auth.platform.admins", () -> " Unused@Example.test , " + CONFIGURED_PLATFORM_ADMIN.toUpperCase());
		relayPointedNowhere(registry);
	}

	/**
	 * The real outbox and relay run, but deliveries go to a closed port and retry only after an
	 * hour, so the rows tests look for stay pending and untouched.
	 */
	static void relayPointedNowhere(DynamicPropertyRegistry registry) {
		OutboxRows.keepPending(registry);
		registry.add("konfig.security.client.token-uri", () -> "http://127.0.0.1:9/oauth2/token");
	}

	/**
	 * Applies an event as the platform's consumer will: in a transaction. (Until the event
	 * backbone delivers them, this is how the tests feed tenant-service's events in.)
	 */
	void apply(AuditEvent event) {
		apply(this.organizationEvents, this.transactions, event);
	}

	static void apply(EventHandler handler, TransactionalOperator transactions, AuditEvent event) {
		transactions.transactional(handler.apply(event)).block(java.time.Duration.ofSeconds(10));
	}

	static String uniqueEmail() {
		return "user-" + UUID.randomUUID() + "@example.test";
	}

	static String uniqueName(String prefix) {
		return prefix + " " + UUID.randomUUID();
	}

	/** A client address nobody else uses, so the per-address throttle never crosses tests. */
	static String randomAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

	/** Registers a new organization and its owner; answers the token response. */
	Map<String, Object> register(String email, String organization) {
		return this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", organization, "email", email, "password", PASSWORD, "full_name",
					"Owner Person"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	Map<String, Object> registerOwner() {
		return register(uniqueEmail(), uniqueName("Org"));
	}

	WebTestClient.ResponseSpec login(String email, String password) {
		return this.http.post()
			.uri("/api/v1/auth/login")
			.header("X-Forwarded-For", randomAddress())
			.bodyValue(Map.of("email", email, "password", password))
			.exchange();
	}

	/** Creates a user in the caller's organization and answers the user object. */
	Map<String, Object> createUser(String token, String email, String role) {
		return this.http.post()
			.uri("/api/v1/users")
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(Map.of("email", email, "password", PASSWORD, "full_name", "Some One", "role", role))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	String accessTokenOf(String email) {
		return (String) login(email, PASSWORD).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("access_token");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> user(Map<String, Object> tokenResponse) {
		return (Map<String, Object>) tokenResponse.get("user");
	}

	/** A client-credentials token of tenant-service. */
	String serviceToken() {
		return clientToken("tenant-service", "test-tenant-secret");
	}

	/** A client-credentials token of the command-line importer. */
	String importerToken() {
		return clientToken("importer", "test-importer-secret");
	}

	private String clientToken(String client, String secret) {
		return (String) this.http.post()
			.uri("/oauth2/token")
			.headers(headers -> headers.setBasicAuth(client, secret))
			.contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("grant_type=client_credentials&scope=internal")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("access_token");
	}

	void addMembership(Object userId, Object organizationId, String role) {
		this.http.post()
			.uri("/internal/memberships")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("user_id", userId, "organization_id", organizationId, "role", role))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	WebTestClient.ResponseSpec call(String token, String method, String uri, Object body) {
		WebTestClient.RequestBodySpec request = this.http.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(uri)
			.headers(headers -> headers.setBearerAuth(token));
		return (body != null) ? request.bodyValue(body).exchange() : request.exchange();
	}

	Map<String, Object> createKey(String token, String scopes) {
		return call(token, "POST", "/api/v1/api-keys", Map.of("name", "ci key", "scopes", scopes)).expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	WebTestClient.ResponseSpec exchange(String key) {
		return this.http.post().uri("/internal/api-keys/exchange").bodyValue(Map.of("api_key", key)).exchange();
	}

	/** The access token of a new API key of the owner's organization with these scopes. */
	String apiKeyToken(String ownerToken, String scopes) {
		String key = (String) createKey(ownerToken, scopes).get("key");
		return (String) exchange(key).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("access_token");
	}

}

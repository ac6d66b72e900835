package dev.konfig.auth;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.EventHandler;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Its own context and its own tenant-service stub, which answers the registrations of the
 * fixtures and is then stopped: from then on any call to tenant-service would fail. Sessions and
 * API keys keep working from auth-service's own organization status projection, and
 * tenant-service's organization events (applied here as the platform consumer will) switch them
 * off and on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantDownIntegrationTests {

	static final StubTenantService tenant = StubTenantService.start();

	WebTestClient http;

	@Autowired
	EventHandler organizationEvents;

	@Autowired
	TransactionalOperator transactions;

	/** An owner with an API key, also a member of {@link #shared}. */
	Fixture alpha;

	/** Closed and reopened by the tests. */
	Fixture closing;

	/** Receives its events out of order. */
	Fixture reordered;

	/** Another organization everyone above belongs to, so they can switch between the two. */
	Fixture shared;

	record Fixture(String email, UUID userId, UUID organizationId, String apiKey) {
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "auth");
		registry.add("konfig.http.clients.tenant-service.base-url", tenant::baseUrl);
		registry.add("konfig.auth.argon2.memory-kib", () -> "4096");
		registry.add("konfig.auth.argon2.iterations", () -> "1");
		registry.add("konfig.auth.clients.tenant-service", () -> "test-tenant-secret");
		AuthIntegrationTest.relayPointedNowhere(registry);
	}

	@Autowired
	void client(WebTestClient client) {
		this.http = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

	@BeforeAll
	void registerWhileTenantServiceIsUpThenStopIt() {
		this.shared = register("Shared");
		this.alpha = register("Alpha");
		this.closing = register("Closing");
		this.reordered = register("Reordered");
		for (Fixture member : new Fixture[] { this.alpha, this.closing, this.reordered }) {
			addMembership(member.userId(), this.shared.organizationId());
		}
		tenant.stop();
	}

	@Test
	void logsInRefreshesSwitchesAndExchangesKeysWhileTenantServiceIsDown() {
		Map<String, Object> session = login(this.alpha.email()).expectStatus().isOk().expectBody(AuthIntegrationTest.JSON)
			.returnResult().getResponseBody();
		assertThat(session).containsEntry("tenant_id", this.alpha.organizationId().toString());
		assertThat(session.get("tenant_name")).asString().startsWith("Alpha ");
		refresh((String) session.get("refresh_token")).expectStatus().isOk();
		switchTo((String) session.get("access_token"), this.shared.organizationId()).expectStatus().isOk()
			.expectBody().jsonPath("$.tenant_id").isEqualTo(this.shared.organizationId().toString());
		exchange(this.alpha.apiKey()).expectStatus().isOk();
	}

	@Test
	void refusesADeactivatedOrganizationUntilItIsActivatedAgainAndForeverOnceDeleted() {
		UUID organization = this.closing.organizationId();
		String refreshToken = (String) login(this.closing.email()).expectStatus().isOk().expectBody(AuthIntegrationTest.JSON)
			.returnResult().getResponseBody().get("refresh_token");
		String elsewhere = accessTokenIn(this.closing, this.shared.organizationId());

		apply(OrganizationEvents.deactivated(organization, 2));
		login(this.closing.email()).expectStatus().isForbidden();
		refresh(refreshToken).expectStatus().isForbidden();
		switchTo(elsewhere, organization).expectStatus().isForbidden();
		exchange(this.closing.apiKey()).expectStatus().isUnauthorized();

		apply(OrganizationEvents.activated(organization, 3));
		String again = (String) login(this.closing.email()).expectStatus().isOk().expectBody(AuthIntegrationTest.JSON)
			.returnResult().getResponseBody().get("refresh_token");
		refresh(again).expectStatus().isOk();
		switchTo(elsewhere, organization).expectStatus().isOk();
		exchange(this.closing.apiKey()).expectStatus().isOk();

		apply(OrganizationEvents.deleted(organization, 4));
		apply(OrganizationEvents.activated(organization, 5));
		// The deletion purged the membership and the key: a login opens the user's other
		// organization, never this one, and switching back finds no membership.
		login(this.closing.email()).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant_id").isEqualTo(this.shared.organizationId().toString());
		switchTo(elsewhere, organization).expectStatus().isNotFound();
		exchange(this.closing.apiKey()).expectStatus().isUnauthorized();
	}

	@Test
	void neverLetsAnOlderEventUndoANewerOne() {
		UUID organization = this.reordered.organizationId();
		AuditEvent deactivated = OrganizationEvents.deactivated(organization, 3);
		apply(deactivated);
		apply(OrganizationEvents.activated(organization, 2));
		apply(OrganizationEvents.created(organization, "Reordered, renamed", 1));
		login(this.reordered.email()).expectStatus().isForbidden();
		exchange(this.reordered.apiKey()).expectStatus().isUnauthorized();

		apply(OrganizationEvents.activated(organization, 4));
		// The same event delivered again changes nothing.
		apply(deactivated);
		login(this.reordered.email()).expectStatus().isOk();
		exchange(this.reordered.apiKey()).expectStatus().isOk();
	}

	@Test
	void answers503AndCreatesNothingWhenTenantServiceIsDown() throws SQLException {
		String email = AuthIntegrationTest.uniqueEmail();

		this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", AuthIntegrationTest.uniqueName("Down"), "email", email, "password",
					AuthIntegrationTest.PASSWORD, "full_name", "Nobody"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType("application/problem+json");

		assertThat(RegistrationIntegrationTests.usersWithEmail(email)).isZero();
	}

	private void apply(AuditEvent event) {
		AuthIntegrationTest.apply(this.organizationEvents, this.transactions, event);
	}

	private Fixture register(String prefix) {
		String email = AuthIntegrationTest.uniqueEmail();
		Map<String, Object> registered = this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", AuthIntegrationTest.uniqueName(prefix), "email", email, "password",
					AuthIntegrationTest.PASSWORD, "full_name", "Owner Person"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(AuthIntegrationTest.JSON)
			.returnResult()
			.getResponseBody();
		@SuppressWarnings("unchecked")
		UUID userId = UUID.fromString((String) ((Map<String, Object>) registered.get("user")).get("id"));
		String apiKey = (String) this.http.post()
			.uri("/api/v1/api-keys")
			.headers(headers -> headers.setBearerAuth((String) registered.get("access_token")))
			.bodyValue(Map.of("name", "ci key", "scopes", "read"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(AuthIntegrationTest.JSON)
			.returnResult()
			.getResponseBody()
			.get("key");
		return new Fixture(email, userId, UUID.fromString((String) registered.get("tenant_id")), apiKey);
	}

	private void addMembership(UUID userId, UUID organizationId) {
		String serviceToken = (String) this.http.post()
			.uri("/oauth2/token")
			.headers(headers -> headers.setBasicAuth("tenant-service", "test-tenant-secret"))
			.contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("grant_type=client_credentials&scope=internal")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AuthIntegrationTest.JSON)
			.returnResult()
			.getResponseBody()
			.get("access_token");
		this.http.post()
			.uri("/internal/memberships")
			.headers(headers -> headers.setBearerAuth(serviceToken))
			.bodyValue(Map.of("user_id", userId, "organization_id", organizationId, "role", "member"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CREATED);
	}

	private String accessTokenIn(Fixture fixture, UUID organizationId) {
		String token = (String) login(fixture.email()).expectStatus().isOk().expectBody(AuthIntegrationTest.JSON)
			.returnResult().getResponseBody().get("access_token");
		return (String) switchTo(token, organizationId).expectStatus().isOk().expectBody(AuthIntegrationTest.JSON)
			.returnResult().getResponseBody().get("access_token");
	}

	private WebTestClient.ResponseSpec login(String email) {
		return this.http.post()
			.uri("/api/v1/auth/login")
			.header("X-Forwarded-For", AuthIntegrationTest.randomAddress())
			.bodyValue(Map.of("email", email, "password", AuthIntegrationTest.PASSWORD))
			.exchange();
	}

	private WebTestClient.ResponseSpec refresh(String refreshToken) {
		return this.http.post().uri("/api/v1/auth/refresh").bodyValue(Map.of("refresh_token", refreshToken)).exchange();
	}

	private WebTestClient.ResponseSpec switchTo(String accessToken, UUID organizationId) {
		return this.http.post()
			.uri("/api/v1/auth/switch-organization")
			.headers(headers -> headers.setBearerAuth(accessToken))
			.bodyValue(Map.of("organization_id", organizationId))
			.exchange();
	}

	private WebTestClient.ResponseSpec exchange(String apiKey) {
		return this.http.post().uri("/internal/api-keys/exchange").bodyValue(Map.of("api_key", apiKey)).exchange();
	}

}

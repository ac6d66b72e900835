package dev.konfig.tenant.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.web.outbound.OutboundClients;

import static org.assertj.core.api.Assertions.assertThat;

class OrganizationIntegrationTests extends TenantIntegrationTest {

	@Autowired
	OutboundClients outbound;

	@Test
	void listsOnlyTheCallersOrganizationsPageByPage() {
		String prefix = "List " + UUID.randomUUID();
		UUID b = organization(prefix + " b");
		UUID a = organization(prefix + " a");
		UUID c = organization(prefix + " c");
		organization(prefix + " other");
		String caller = userToken(UUID.randomUUID(), Map.of(a, Role.MEMBER, b, Role.ADMIN, c, Role.OWNER));

		EntityExchangeResult<List<Map<String, Object>>> first = page(caller, "/api/v1/organizations?limit=2");
		assertThat(names(first)).containsExactly(prefix + " a", prefix + " b");
		String cursor = Links.nextCursor(first.getResponseHeaders());
		assertThat(cursor).isNotNull();

		EntityExchangeResult<List<Map<String, Object>>> second = page(caller,
				"/api/v1/organizations?limit=2&cursor=" + cursor);
		assertThat(names(second)).containsExactly(prefix + " c");
		assertThat(second.getResponseHeaders().get(HttpHeaders.LINK)).isNull();
	}

	@Test
	void listsNothingForACallerWithoutOrganizations() {
		String caller = userToken(UUID.randomUUID(), Map.of());
		assertThat(names(page(caller, "/api/v1/organizations"))).isEmpty();
	}

	@Test
	void rejectsAForgedCursorAndAnOversizedLimit() {
		String caller = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Cursor")), Role.MEMBER));
		get(caller, "/api/v1/organizations?cursor=bm90LWEtY3Vyc29y").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("cursor");
		get(caller, "/api/v1/organizations?limit=201").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("limit");
	}

	@Test
	void showsAnOrganizationToItsMembersOnly() {
		String name = uniqueName("Members only");
		UUID mine = organization(name);
		UUID theirs = organization(uniqueName("Someone else's"));
		String caller = userToken(UUID.randomUUID(), Map.of(mine, Role.MEMBER));
		get(caller, "/api/v1/organizations/" + mine).expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo(name);
		get(caller, "/api/v1/organizations/" + theirs).expectStatus()
			.isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		get(caller, "/api/v1/organizations/" + UUID.randomUUID()).expectStatus().isNotFound();
	}

	@Test
	void letsAnAdminRenameDescribeAndMergeSettings() {
		UUID organization = organization(uniqueName("Before"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		patch(admin, organization, Map.of("settings", Map.of("theme", "dark", "dpi", 300))).expectStatus().isOk();
		String renamed = uniqueName("After");
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("dpi", 600);
		settings.put("theme", null);
		patch(admin, organization, Map.of("name", " " + renamed + " ", "description", "Gang sheets", "settings", settings))
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo(renamed)
			.jsonPath("$.description").isEqualTo("Gang sheets")
			.jsonPath("$.settings.dpi").isEqualTo(600)
			.jsonPath("$.settings.is_active").isEqualTo(true)
			.jsonPath("$.settings.theme").doesNotExist();
	}

	@Test
	void refusesMembersAndHidesTheOrganizationFromStrangers() {
		UUID organization = organization(uniqueName("Guarded"));
		String member = userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER));
		String stranger = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Elsewhere")), Role.OWNER));
		patch(member, organization, Map.of("description", "mine now")).expectStatus()
			.isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		patch(stranger, organization, Map.of("description", "mine now")).expectStatus().isNotFound();
	}

	@Test
	void leavesActivationToTheOwner() {
		UUID organization = organization(uniqueName("Switch"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		patch(admin, organization, Map.of("settings", Map.of("is_active", false))).expectStatus().isForbidden();
		patch(owner, organization, Map.of("settings", Map.of("is_active", false))).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.settings.is_active").isEqualTo(false);
		// Restating the current value changes nothing, so an admin may send it.
		patch(admin, organization, Map.of("settings", Map.of("is_active", false, "theme", "light"))).expectStatus()
			.isOk();
	}

	@Test
	void rejectsRenamingToATakenName() {
		String taken = uniqueName("Taken");
		organization(taken);
		UUID organization = organization(uniqueName("Renamed"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		patch(admin, organization, Map.of("name", taken.toLowerCase())).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("name");
	}

	@Test
	void rejectsSettingsThatAreNotAnObjectOrHaveANonBooleanIsActive() {
		UUID organization = organization(uniqueName("Strict"));
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		patch(owner, organization, Map.of("settings", List.of("dark"))).expectStatus()
			.isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("settings");
		patch(owner, organization, Map.of("settings", Map.of("is_active", "yes"))).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("settings.is_active");
		patch(owner, organization, Map.of("name", "")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("name");
	}

	@Test
	void makesTheCreatorOwnerWithAServiceToken() {
		UUID user = UUID.randomUUID();
		String caller = userToken(user, Map.of());
		String name = uniqueName("Founded");
		@SuppressWarnings("unchecked")
		Map<String, Object> created = this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(caller))
			.bodyValue(Map.of("name", name, "description", "New shop"))
			.exchange()
			.expectStatus().isCreated()
			.expectHeader().exists("Location")
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String id = organizationIdNamed(name);
		assertThat(created).containsEntry("id", id).containsEntry("name", name).containsEntry("description", "New shop");
		assertThat(id).isNotNull();
		List<StubAuthService.Call> grants = authService.calls("/internal/memberships")
			.stream()
			.filter(call -> call.body().contains(user.toString()))
			.toList();
		assertThat(grants).hasSize(1);
		StubAuthService.Call grant = grants.get(0);
		assertThat(grant.method()).isEqualTo("POST");
		assertThat(grant.body()).contains("\"organization_id\":\"" + id + "\"").contains("\"role\":\"owner\"");
		assertThat(authService.issued(grant.authorization())).isTrue();
		assertThat(grant.authorization()).isNotEqualTo("Bearer " + caller);
		assertThat(authService.calls("/oauth2/token")).isNotEmpty()
			.allSatisfy(call -> assertThat(call.authorization()).startsWith("Basic "));
	}

	@Test
	void removesTheOrganizationAgainWhenTheOwnerCannotBeGranted() {
		UUID user = UUID.randomUUID();
		authService.refuseGrantsFor(user);
		String caller = userToken(user, Map.of());
		String name = uniqueName("Half made");
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(caller))
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(authService.calls("/internal/memberships")).anyMatch(call -> call.body().contains(user.toString()));
		assertThat(organizationIdNamed(name)).isNull();
	}

	@Test
	void refusesOrganizationCreationByApiKeys() {
		UUID organization = organization(uniqueName("Keyed"));
		String key = tokens.apiKey(UUID.randomUUID(), organization, "read", "write");
		String name = uniqueName("By key");
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(key))
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus().isForbidden();
		assertThat(organizationIdNamed(name)).isNull();
	}

	@Test
	void letsAReadOnlyApiKeyReadItsOwnOrganizationButNotChangeIt() {
		UUID organization = organization(uniqueName("Read only"));
		String key = tokens.apiKey(UUID.randomUUID(), organization, "read");
		get(key, "/api/v1/organizations/" + organization).expectStatus().isOk();
		get(key, "/api/v1/organizations/" + organization(uniqueName("Not the key's"))).expectStatus().isNotFound();
		patch(key, organization, Map.of("description", "changed")).expectStatus()
			.isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		String writer = tokens.apiKey(UUID.randomUUID(), organization, "read", "write");
		patch(writer, organization, Map.of("description", "changed")).expectStatus().isForbidden();
	}

	@Test
	void answersUnauthenticatedCallsWithAProblem() {
		this.http.get()
			.uri("/api/v1/organizations")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(401);
	}

	@Test
	void answers503WhenAuthServiceFails() {
		String caller = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Unlucky")), Role.OWNER));
		authService.failMembershipsOf(caller);
		get(caller, "/api/v1/organizations").expectStatus()
			.isEqualTo(503)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		// The GET was retried before giving up.
		assertThat(authService.calls("/api/v1/auth/memberships")
			.stream()
			.filter(call -> ("Bearer " + caller).equals(call.authorization()))).hasSizeGreaterThan(1);
	}

	@Test
	void givesUpOnASlowAuthServiceWithin503() {
		String caller = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Patient")), Role.MEMBER));
		authService.delayMembershipsOf(caller);
		long started = System.nanoTime();
		get(caller, "/api/v1/organizations").expectStatus().isEqualTo(503);
		long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
		// Three attempts cut at the 1s response timeout, never one 2.5s wait per attempt.
		assertThat(lookupsWith(caller)).isEqualTo(3);
		assertThat(elapsedMillis).isLessThan(3 * StubAuthService.SLOW);
	}

	@Test
	void neverRetriesALookupThatAuthServiceRefused() {
		// A valid token auth-service does not accept (say, a user removed since it was issued).
		String unknown = tokens.user(UUID.randomUUID(), UUID.randomUUID(), Role.OWNER);
		get(unknown, "/api/v1/organizations").expectStatus()
			.isUnauthorized()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(lookupsWith(unknown)).isEqualTo(1);
	}

	@Test
	void refusedTokensNeverOpenTheBreakerOfAuthService() {
		CircuitBreaker breaker = this.outbound.client("auth-service").circuitBreaker();
		// More refusals (401) than the breaker's window: each is the caller's problem, not auth-service's.
		for (int i = 0; i < 25; i++) {
			String unknown = tokens.user(UUID.randomUUID(), UUID.randomUUID(), Role.MEMBER);
			get(unknown, "/api/v1/organizations").expectStatus()
				.isUnauthorized()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		// The window holds the last 20 calls, all of them refusals now: none counted as a failure.
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		String member = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Still served")), Role.MEMBER));
		get(member, "/api/v1/organizations").expectStatus().isOk();
	}

	@Test
	void reusesACallersMembershipsForABurstOfRequests() {
		UUID organization = organization(uniqueName("Cached"));
		String caller = userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER));
		get(caller, "/api/v1/organizations").expectStatus().isOk();
		get(caller, "/api/v1/organizations/" + organization).expectStatus().isOk();
		assertThat(lookupsWith(caller)).isEqualTo(1);
	}

	@Test
	void servesItsOpenApiDocumentWithoutAToken() {
		this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.info.title").isEqualTo("tenant-service")
			.jsonPath("$.paths['/api/v1/organizations/{id}']").exists();
	}

	private static long lookupsWith(String token) {
		return authService.calls("/api/v1/auth/memberships")
			.stream()
			.filter(call -> ("Bearer " + token).equals(call.authorization()))
			.count();
	}

	private WebTestClient.ResponseSpec get(String token, String uri) {
		return this.http.get().uri(uri).headers(headers -> headers.setBearerAuth(token)).exchange();
	}

	private WebTestClient.ResponseSpec patch(String token, UUID organization, Map<String, ?> body) {
		return this.http.patch()
			.uri("/api/v1/organizations/{id}", organization)
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(body)
			.exchange();
	}

	private EntityExchangeResult<List<Map<String, Object>>> page(String token, String uri) {
		return get(token, uri).expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult();
	}

	private static List<String> names(EntityExchangeResult<List<Map<String, Object>>> page) {
		return page.getResponseBody().stream().map(item -> (String) item.get("name")).toList();
	}

	/** Looks at the table itself, so a leftover row cannot hide behind the API. */
	private static String organizationIdNamed(String name) {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement query = connection
					.prepareStatement("SELECT id FROM tenant.organizations WHERE name = ?")) {
			query.setString(1, name);
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package dev.konfig.tenant.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.StubPeer;
import dev.konfig.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Platform administration at tenant-service (spec §7): organizations, overview and health on the
 * real PostgreSQL, with auth-service, file-service, config-service and audit-service as stubs
 * over real HTTP, and print-service not deployed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class AdminIntegrationTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	static final TestTokens tokens = TestTokens.get();

	static final StubPeer auth = new StubPeer();

	static final StubPeer files = new StubPeer();

	static final StubPeer config = new StubPeer();

	static final StubPeer audit = new StubPeer();

	/** Users auth-service says are platform admins now. */
	static final Set<UUID> platformAdmins = ConcurrentHashMap.newKeySet();

	/** A user whose flag auth-service cannot tell (it fails). */
	static final UUID flagUnknown = UUID.randomUUID();

	/** What auth-service answers as the memberships of a bearer token (none unless set). */
	static final Map<String, List<Map<String, Object>>> membershipsByToken = new ConcurrentHashMap<>();

	static {
		auth.answer("/api/v1/auth/memberships", request -> new StubPeer.Answer(200, membershipsByToken
			.getOrDefault(((String) request.get("authorization")).replaceFirst("^Bearer ", ""), List.of()), 0));
		auth.answer("/internal/users/", request -> {
			String path = (String) request.get("path");
			UUID user = UUID.fromString(path.split("/")[3]);
			if (user.equals(flagUnknown)) {
				return new StubPeer.Answer(500, Map.of("detail", "boom"), 0);
			}
			return new StubPeer.Answer(200, Map.of("user_id", user, "is_platform_admin", platformAdmins.contains(user),
					"suspended", false), 0);
		});
		auth.answer("/internal/usage", request -> new StubPeer.Answer(200, Map.of("items",
				ids(request).stream()
					.map(id -> Map.of("organization_id", id, "members", Map.of("total", 3, "active", 2, "by_role",
							Map.of("owner", 1, "admin", 0, "member", 2), "pending_invitations", 1)))
					.toList()), 0));
		auth.answer("/internal/usage/totals", request -> new StubPeer.Answer(200,
				Map.of("users", Map.of("total", 7, "suspended", 1, "platform_admins", 2)), 0));
		files.answer("/internal/usage", request -> new StubPeer.Answer(200, Map.of("items",
				ids(request).stream()
					.map(id -> Map.of("organization_id", id, "total_files", 4, "total_bytes", 1000, "archived",
							Map.of("count", 1, "bytes", 24)))
					.toList()), 0));
		files.answer("/internal/usage/totals",
				request -> new StubPeer.Answer(200, Map.of("files", 5, "bytes", 1024, "organizations_with_files", 1), 0));
		files.answer("/actuator/health/readiness", request -> new StubPeer.Answer(503,
				Map.of("status", "DOWN", "components", Map.of("storage", Map.of("status", "DOWN"))), 0));
		// Slower than the 2 s the health check waits.
		audit.answer("/actuator/health/readiness", request -> new StubPeer.Answer(200, Map.of("status", "UP"), 3_500));
	}

	@Autowired
	WebTestClient http;

	private final UUID adminId = UUID.randomUUID();

	private final String adminToken = platformAdmin(this.adminId);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "tenant");
		TestTokens.register(registry);
		registry.add("konfig.http.clients.auth-service.base-url", auth::baseUrl);
		registry.add("konfig.http.clients.file-service.base-url", files::baseUrl);
		registry.add("konfig.http.clients.config-service.base-url", config::baseUrl);
		registry.add("konfig.http.clients.audit-service.base-url", audit::baseUrl);
		registry.add("konfig.http.clients.print-service.base-url", () -> "");
		registry.add("konfig.security.client.token-uri", () -> auth.baseUrl() + "/oauth2/token");
		registry.add("konfig.http.defaults.response-timeout", () -> "1s");
		OutboxRows.keepPending(registry);
	}

	@Test
	void refusesOwnersApiKeysAndServicesOnEveryAdminPath() {
		String name = uniqueName("Refused");
		UUID organization = organization(name);
		List<String> refused = List.of(tokens.user(UUID.randomUUID(), organization, Role.OWNER),
				tokens.user(UUID.randomUUID(), organization, Role.ADMIN),
				tokens.apiKey(UUID.randomUUID(), organization, "read", "write", "platform:admin"),
				tokens.service("auth-service"));
		for (String token : refused) {
			for (String path : List.of("/api/v1/admin/organizations", "/api/v1/admin/organizations/" + organization,
					"/api/v1/admin/overview", "/api/v1/admin/health")) {
				call(token, HttpMethod.GET, path, null).expectStatus().isForbidden();
			}
			call(token, HttpMethod.PATCH, "/api/v1/admin/organizations/" + organization, Map.of("is_active", false))
				.expectStatus()
				.isForbidden();
			deleteAsAdmin(token, organization, name).expectStatus().isForbidden();
		}
		assertThat(OutboxRows.forEntity("tenant", organization)).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created");
	}

	@Test
	void listsEveryOrganizationWithMembersAndUsage() {
		String prefix = "Listed " + UUID.randomUUID();
		UUID b = organization(prefix + " b");
		UUID a = organization(prefix + " A");
		UUID c = organization(prefix + " c");
		String owner = owner(a);
		shop(owner, a, "One", "etsy");
		shop(owner, a, "Two", "shopify");

		EntityExchangeResult<List<Map<String, Object>>> page = call(this.adminToken, HttpMethod.GET,
				"/api/v1/admin/organizations?q=" + prefix.toLowerCase() + "&limit=2", null)
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult();
		List<Map<String, Object>> items = page.getResponseBody();
		assertThat(items).extracting(item -> item.get("id")).containsExactly(a.toString(), b.toString());
		assertThat(items.get(1)).containsEntry("shop_count", 0);
		assertThat(items.get(0)).containsEntry("name", prefix + " A")
			.containsEntry("is_active", true)
			.containsEntry("status", "active")
			.containsEntry("member_count", 3)
			.containsEntry("shop_count", 2)
			.containsEntry("usage", usage(null, 1024))
			.containsKeys("settings", "description", "created_at")
			.doesNotContainKeys("api_calls_this_month");
		call(this.adminToken, HttpMethod.GET, "/api/v1/admin/organizations?q=" + prefix + "&limit=2&cursor="
				+ Links.nextCursor(page.getResponseHeaders()), null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].id").isEqualTo(c.toString());
		call(this.adminToken, HttpMethod.GET, "/api/v1/admin/organizations?status=inactive&q=" + prefix, null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(0);
		for (String bad : List.of("status=gone", "limit=0", "cursor=nope")) {
			call(this.adminToken, HttpMethod.GET, "/api/v1/admin/organizations?" + bad, null).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field").isEqualTo(bad.substring(0, bad.indexOf('=')));
		}
	}

	@Test
	void showsOneOrganizationWithItsStatisticsAndWhatCouldNotAnswer() {
		UUID organization = organization(uniqueName("Details"));
		String owner = owner(organization);
		shop(owner, organization, "One", "etsy");
		shop(owner, organization, "Two", "etsy");
		shop(owner, organization, "Three", "shopify");
		call(this.adminToken, HttpMethod.GET, "/api/v1/admin/organizations/" + organization, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(organization.toString())
			.jsonPath("$.is_active").isEqualTo(true)
			.jsonPath("$.member_count").isEqualTo(3)
			.jsonPath("$.shop_count").isEqualTo(3)
			.jsonPath("$.usage.storage_used_bytes").isEqualTo(1024)
			// The organization's statistics, as its members read them (ST-1).
			.jsonPath("$.organization_id").isEqualTo(organization.toString())
			.jsonPath("$.generated_at").isNotEmpty()
			.jsonPath("$.members.total").isEqualTo(3)
			.jsonPath("$.members.by_role.member").isEqualTo(2)
			.jsonPath("$.members.pending_invitations").isEqualTo(1)
			.jsonPath("$.shops.total").isEqualTo(3)
			.jsonPath("$.shops.active").isEqualTo(3)
			.jsonPath("$.shops.by_platform.etsy").isEqualTo(2)
			.jsonPath("$.shops.by_platform.shopify").isEqualTo(1)
			.jsonPath("$.files.total_files").isEqualTo(4)
			.jsonPath("$.files.total_bytes").isEqualTo(1000)
			.jsonPath("$.files.archived.count").isEqualTo(1)
			.jsonPath("$.printers").value(value -> assertThat(value).isNull())
			.jsonPath("$.print_jobs").value(value -> assertThat(value).isNull())
			.jsonPath("$.unavailable").isEqualTo(List.of("print-service"));
		call(this.adminToken, HttpMethod.GET, "/api/v1/admin/organizations/" + UUID.randomUUID(), null).expectStatus()
			.isNotFound();
	}

	@Test
	void deletesAnOrganizationAsItsOwnerWouldAfterReReadingTheFlag() {
		String name = uniqueName("Deleted by admin");
		UUID organization = organization(name);
		String owner = owner(organization);
		shop(owner, organization, "One", "etsy");
		shop(owner, organization, "Two", "manual");

		// Bad or missing confirm: 400 naming it, nothing deleted.
		for (String confirm : new String[] { null, "", name.toUpperCase(), name + " " }) {
			deleteAsAdmin(this.adminToken, organization, confirm).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field").isEqualTo("confirm");
		}
		// The token says platform:admin, auth-service no longer does: 403; auth-service unable to say: 503.
		UUID revoked = UUID.randomUUID();
		deleteAsAdmin(tokens.platformAdmin(revoked, UUID.randomUUID(), Role.MEMBER), organization, name).expectStatus()
			.isForbidden();
		deleteAsAdmin(tokens.platformAdmin(flagUnknown, UUID.randomUUID(), Role.MEMBER), organization, name)
			.expectStatus()
			.isEqualTo(503);
		deleteAsAdmin(this.adminToken, UUID.randomUUID(), name).expectStatus().isNotFound();
		assertThat(OutboxRows.forEntity("tenant", organization)).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created");
		call(this.adminToken, HttpMethod.GET, "/api/v1/admin/organizations/" + organization, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.shop_count").isEqualTo(2);

		deleteAsAdmin(this.adminToken, organization, name).expectStatus().isNoContent();
		call(this.adminToken, HttpMethod.GET, "/api/v1/admin/organizations/" + organization, null).expectStatus()
			.isNotFound();
		call(owner, HttpMethod.GET, "/api/v1/organizations/" + organization + "/shops", null).expectBody().json("[]");
		deleteAsAdmin(this.adminToken, organization, name).expectStatus().isNotFound();

		List<Map<String, Object>> events = OutboxRows.forEntity("tenant", organization);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created", "organization.deleted");
		Map<String, Object> deleted = events.get(1);
		assertThat(deleted).containsEntry("organization_id", organization.toString())
			.containsEntry("actor", Map.of("id", this.adminId.toString(), "type", "user"));
		assertThat((Map<String, Object>) deleted.get("event_data")).containsEntry("name", name)
			.containsEntry("reason", "deleted_by_admin")
			.containsEntry("via", "admin")
			.containsEntry("shops_deleted", 2);

		// The name is free again (OD-5).
		organization(name);
	}

	@Test
	void deactivatesWithTheActivationEventsAfterReReadingTheFlag() {
		UUID organization = organization(uniqueName("Switched"));
		String path = "/api/v1/admin/organizations/" + organization;

		call(this.adminToken, HttpMethod.PATCH, path, Map.of("is_active", false)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.is_active").isEqualTo(false)
			.jsonPath("$.status").isEqualTo("inactive")
			.jsonPath("$.settings.is_active").isEqualTo(false);
		List<Map<String, Object>> events = OutboxRows.forEntity("tenant", organization);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created", "organization.deactivated");
		Map<String, Object> deactivated = events.get(1);
		assertThat(deactivated).containsEntry("organization_id", organization.toString())
			.containsEntry("actor", Map.of("id", this.adminId.toString(), "type", "user"));
		assertThat((Map<String, Object>) deactivated.get("event_data")).containsEntry("via", "admin")
			.containsEntry("status", "inactive")
			.containsEntry("after", Map.of("settings", Map.of("is_active", false)));
		call(this.adminToken, HttpMethod.GET, "/api/v1/admin/organizations?status=inactive&q=" + organization, null)
			.expectStatus()
			.isOk();

		// The token still says platform:admin, but auth-service no longer does: refused, nothing changes.
		UUID revoked = UUID.randomUUID();
		String revokedToken = tokens.platformAdmin(revoked, UUID.randomUUID(), Role.MEMBER);
		call(revokedToken, HttpMethod.PATCH, path, Map.of("is_active", true)).expectStatus().isForbidden();
		// auth-service unable to say: 503, nothing changes.
		call(tokens.platformAdmin(flagUnknown, UUID.randomUUID(), Role.MEMBER), HttpMethod.PATCH, path,
				Map.of("is_active", true))
			.expectStatus()
			.isEqualTo(503);
		// Bad input: nothing changes either.
		call(this.adminToken, HttpMethod.PATCH, path, Map.of("is_active", "yes")).expectStatus().isBadRequest();
		call(this.adminToken, HttpMethod.PATCH, path, Map.of()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("is_active");
		call(this.adminToken, HttpMethod.PATCH, "/api/v1/admin/organizations/" + UUID.randomUUID(),
				Map.of("is_active", true))
			.expectStatus()
			.isNotFound();
		assertThat(OutboxRows.forEntity("tenant", organization)).hasSize(2);

		call(this.adminToken, HttpMethod.PATCH, path, Map.of("is_active", true)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.is_active").isEqualTo(true);
		assertThat(OutboxRows.forEntity("tenant", organization)).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created", "organization.deactivated", "organization.activated");
	}

	@Test
	void overviewShowsWhatTheSuiteMeasuresAndNamesWhatIsMissing() {
		organization(uniqueName("Counted"));
		Map<String, Object> overview = call(this.adminToken, HttpMethod.GET, "/api/v1/admin/overview", null)
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(overview).containsOnlyKeys("organizations", "users", "printers", "print_jobs", "files",
				"generated_at", "unavailable");
		@SuppressWarnings("unchecked")
		Map<String, Integer> organizations = (Map<String, Integer>) overview.get("organizations");
		assertThat(organizations.get("total")).isPositive()
			.isEqualTo(organizations.get("active") + organizations.get("inactive"));
		assertThat(overview).containsEntry("users", Map.of("total", 7, "suspended", 1, "platform_admins", 2))
			.containsEntry("files", Map.of("count", 5, "bytes", 1024))
			.containsEntry("printers", null)
			.containsEntry("print_jobs", null)
			.containsEntry("unavailable", List.of("print-service"));
	}

	@Test
	void healthReportsEveryConfiguredServiceWithinTheTimeout() {
		Instant start = Instant.now();
		Map<String, Object> health = call(this.adminToken, HttpMethod.GET, "/api/v1/admin/health", null)
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(3));
		assertThat(health).containsEntry("overall", "degraded");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> services = (List<Map<String, Object>>) health.get("services");
		Map<String, String> statuses = new java.util.LinkedHashMap<>();
		services.forEach(service -> statuses.put((String) service.get("name"), (String) service.get("status")));
		assertThat(statuses).containsExactly(Map.entry("tenant-service", "up"), Map.entry("auth-service", "up"),
				Map.entry("config-service", "up"), Map.entry("audit-service", "down"), Map.entry("file-service", "down"));
		assertThat(services.get(4).get("components")).isEqualTo(Map.of("storage", "down"));
	}

	@Test
	void looksUpOrganizationNamesForAuthService() {
		String name = uniqueName("Looked up");
		UUID organization = organization(name);
		call(tokens.service("auth-service"), HttpMethod.POST, "/internal/organizations/lookup",
				Map.of("ids", List.of(organization, UUID.randomUUID())))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].id").isEqualTo(organization.toString())
			.jsonPath("$[0].name").isEqualTo(name)
			.jsonPath("$[0].is_active").isEqualTo(true);
		List<UUID> tooMany = new ArrayList<>();
		for (int i = 0; i < 501; i++) {
			tooMany.add(UUID.randomUUID());
		}
		call(tokens.service("auth-service"), HttpMethod.POST, "/internal/organizations/lookup", Map.of("ids", tooMany))
			.expectStatus()
			.isBadRequest();
		call(tokens.service("auth-service"), HttpMethod.POST, "/internal/organizations/lookup", Map.of("ids", "x"))
			.expectStatus()
			.isBadRequest();
		call(this.adminToken, HttpMethod.POST, "/internal/organizations/lookup", Map.of("ids", List.of(organization)))
			.expectStatus()
			.isForbidden();
	}

	@Test
	void ordinaryOrganizationEndpointsGivePlatformAdminsNoExtraRights() {
		UUID organization = organization(uniqueName("Not mine"));
		call(this.adminToken, HttpMethod.GET, "/api/v1/organizations/" + organization, null).expectStatus()
			.isNotFound();
		call(this.adminToken, HttpMethod.PATCH, "/api/v1/organizations/" + organization,
				Map.of("settings", Map.of("is_active", false)))
			.expectStatus()
			.isNotFound();
		call(this.adminToken, HttpMethod.GET, "/api/v1/organizations", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(0);
	}

	/** print-service is not deployed here, so its number is null. */
	private static Map<String, Object> usage(Integer printJobs, Integer storage) {
		Map<String, Object> usage = new java.util.HashMap<>();
		usage.put("print_jobs_this_month", printJobs);
		usage.put("storage_used_bytes", storage);
		return usage;
	}

	private String platformAdmin(UUID userId) {
		platformAdmins.add(userId);
		return tokens.platformAdmin(userId, UUID.randomUUID(), Role.MEMBER);
	}

	/** A token of a new user auth-service knows as the organization's owner. */
	private static String owner(UUID organization) {
		String token = tokens.user(UUID.randomUUID(), organization, Role.OWNER);
		membershipsByToken.put(token, List.of(Map.of("organization_id", organization.toString(), "role", "owner")));
		return token;
	}

	private void shop(String owner, UUID organization, String name, String platform) {
		call(owner, HttpMethod.POST, "/api/v1/organizations/" + organization + "/shops",
				Map.of("name", name, "platform", platform))
			.expectStatus()
			.isCreated();
	}

	private WebTestClient.ResponseSpec deleteAsAdmin(String token, UUID organization, String confirm) {
		return this.http.delete()
			.uri(builder -> {
				builder.path("/api/v1/admin/organizations/" + organization);
				if (confirm != null) {
					builder.queryParam("confirm", "{confirm}");
				}
				return builder.build(Map.of("confirm", (confirm == null) ? "" : confirm));
			})
			.headers(headers -> headers.setBearerAuth(token))
			.exchange();
	}

	private UUID organization(String name) {
		UUID id = UUID.randomUUID();
		this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> headers.setBearerAuth(tokens.service("auth-service")))
			.bodyValue(Map.of("id", id, "name", name))
			.exchange()
			.expectStatus()
			.isCreated();
		return id;
	}

	private WebTestClient.ResponseSpec call(String token, HttpMethod method, String uri, Object body) {
		WebTestClient.RequestBodySpec request = this.http.method(method)
			.uri(uri)
			.headers(headers -> headers.setBearerAuth(token));
		return (body != null) ? request.bodyValue(body).exchange() : request.exchange();
	}

	private static String uniqueName(String prefix) {
		return prefix + " " + UUID.randomUUID();
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(Map<String, Object> request) {
		return (List<String>) ((Map<String, Object>) request.get("body")).get("organization_ids");
	}

}

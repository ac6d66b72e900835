package dev.konfig.auth;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.konfig.platform.test.Links;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Platform administration at auth-service (spec §7): the flag and its scope, the admin users
 * view, suspension, grant and revocation, and the internal answers other services rely on.
 */
class PlatformAdminIntegrationTests extends AuthIntegrationTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();

	private static Map<String, Object> configuredAdmin;

	@AfterEach
	void tenantServiceBack() {
		tenant.lookupDown = false;
	}

	@Test
	void configuredAdminsTokensCarryThePlatformScopeAndOthersDoNot() {
		Map<String, Object> admin = configuredAdmin();
		assertThat(scopes((String) admin.get("access_token"))).contains("read", "write", "platform:admin");
		// Listed in any case, applied at login too, and the refreshed token keeps the scope.
		assertThat(scopes(accessTokenOf(CONFIGURED_PLATFORM_ADMIN))).contains("platform:admin");
		Map<String, Object> refreshed = refresh((String) admin.get("refresh_token")).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		configuredAdmin = refreshed;
		assertThat(scopes((String) refreshed.get("access_token"))).contains("platform:admin");

		Map<String, Object> owner = registerOwner();
		assertThat(scopes((String) owner.get("access_token"))).containsExactlyInAnyOrder("read", "write");
		platformAdminCheck(user(owner).get("id")).jsonPath("$.is_platform_admin").isEqualTo(false);
		platformAdminCheck(user(admin).get("id")).jsonPath("$.is_platform_admin").isEqualTo(true);
		call(serviceToken(), "GET", "/internal/users/" + UUID.randomUUID() + "/platform-admin", null).expectStatus()
			.isNotFound();
	}

	@Test
	void ownersApiKeysAndServicesAreRefusedEveryAdminUsersPath() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String target = "/api/v1/admin/users/" + user(owner).get("id");
		Map<String, Object> key = call(ownerToken, "POST", "/api/v1/api-keys",
				Map.of("name", "ci", "scopes", "read,write"))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String keyToken = (String) this.http.post()
			.uri("/internal/api-keys/exchange")
			.bodyValue(Map.of("api_key", key.get("key")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("access_token");
		for (String token : List.of(ownerToken, keyToken, serviceToken())) {
			call(token, "GET", "/api/v1/admin/users", null).expectStatus().isForbidden();
			call(token, "PATCH", target, Map.of("suspended", true)).expectStatus().isForbidden();
		}
		// A key can never carry the platform scope, whatever it asks for.
		call(ownerToken, "POST", "/api/v1/api-keys", Map.of("name", "sneaky", "scopes", "read,platform:admin"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("scopes");
		login((String) user(owner).get("email"), PASSWORD).expectStatus().isOk();
	}

	@Test
	void listsUsersAcrossOrganizationsWithMembershipsAndNames() {
		String marker = "listed-" + UUID.randomUUID();
		Map<String, Object> first = register(marker + "-a@example.test", uniqueName("First"));
		Map<String, Object> second = register(marker + "-b@example.test", uniqueName("Second"));
		Map<String, Object> third = register(marker + "-c@example.test", uniqueName("Third"));
		String adminToken = adminToken();

		EntityExchangeResult<List<Map<String, Object>>> page = call(adminToken, "GET",
				"/api/v1/admin/users?q=" + marker.toUpperCase() + "&limit=2", null)
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult();
		List<Map<String, Object>> items = page.getResponseBody();
		assertThat(items).extracting(item -> item.get("email"))
			.containsExactly(marker + "-a@example.test", marker + "-b@example.test");
		Map<String, Object> firstItem = items.get(0);
		assertThat(firstItem).containsEntry("id", user(first).get("id"))
			.containsEntry("is_platform_admin", false)
			.containsEntry("suspended_at", null)
			.containsEntry("last_login_at", null)
			.containsKeys("full_name", "created_at");
		assertThat(firstItem.get("memberships")).isEqualTo(List.of(Map.of("organization_id",
				first.get("tenant_id"), "organization_name", first.get("tenant_name"), "role", "owner",
				"is_active", true)));
		String cursor = Links.nextCursor(page.getResponseHeaders());
		call(adminToken, "GET", "/api/v1/admin/users?q=" + marker + "&limit=2&cursor=" + cursor, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].email")
			.isEqualTo(marker + "-c@example.test")
			.jsonPath("$.length()")
			.isEqualTo(1);

		call(adminToken, "GET", "/api/v1/admin/users?organization_id=" + second.get("tenant_id"), null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].id")
			.isEqualTo(user(second).get("id"))
			.jsonPath("$.length()")
			.isEqualTo(1);
		call(adminToken, "GET", "/api/v1/admin/users?platform_admin=true&q=" + marker, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(0);
		call(adminToken, "GET", "/api/v1/admin/users?status=suspended&q=" + marker, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(0);
		assertThat(third).isNotNull();

		// Registering is no login; logging in is, and the view shows when.
		Instant beforeLogin = Instant.now().minusSeconds(60);
		login(marker + "-a@example.test", PASSWORD).expectStatus().isOk();
		call(adminToken, "GET", "/api/v1/admin/users?q=" + marker, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].last_login_at")
			.value(String.class, at -> assertThat(Instant.parse(at)).isBetween(beforeLogin, Instant.now()))
			.jsonPath("$[1].last_login_at")
			.value(at -> assertThat(at).isNull());

		// Names are decoration: tenant-service down leaves them null, the view still answers.
		tenant.lookupDown = true;
		call(adminToken, "GET", "/api/v1/admin/users?q=" + marker + "-a", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].memberships[0].organization_id")
			.isEqualTo(first.get("tenant_id"))
			.jsonPath("$[0].memberships[0].organization_name")
			.doesNotExist();
	}

	@Test
	void refusesBadFiltersAndBadPatches() {
		String adminToken = adminToken();
		Object adminId = user(configuredAdmin()).get("id");
		for (String bad : List.of("status=gone", "platform_admin=yes", "organization_id=42", "limit=201",
				"cursor=nonsense")) {
			String field = bad.substring(0, bad.indexOf('='));
			call(adminToken, "GET", "/api/v1/admin/users?" + bad, null).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo(field);
		}
		Map<String, Object> owner = registerOwner();
		String target = "/api/v1/admin/users/" + user(owner).get("id");
		call(adminToken, "PATCH", target, Map.of()).expectStatus().isBadRequest();
		call(adminToken, "PATCH", target, Map.of("suspended", "yes")).expectStatus().isBadRequest();
		call(adminToken, "PATCH", "/api/v1/admin/users/" + adminId, Map.of("suspended", true)).expectStatus()
			.isBadRequest();
		call(adminToken, "PATCH", "/api/v1/admin/users/" + adminId, Map.of("is_platform_admin", false)).expectStatus()
			.isBadRequest();
		call(adminToken, "PATCH", "/api/v1/admin/users/" + UUID.randomUUID(), Map.of("suspended", true)).expectStatus()
			.isNotFound();
		assertThat(OutboxRows.forEntity("auth", user(owner).get("id")))
			.noneMatch(event -> ((String) event.get("event_type")).startsWith("user.suspended"));
	}

	@Test
	void suspensionEndsSessionsAndRefusesLoginUntilLifted() {
		String adminToken = adminToken();
		Object adminId = user(configuredAdmin()).get("id");
		Map<String, Object> owner = registerOwner();
		Object userId = user(owner).get("id");
		String email = (String) user(owner).get("email");
		long suspendedBefore = totals().get("suspended");

		call(adminToken, "PATCH", "/api/v1/admin/users/" + userId, Map.of("suspended", true)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.suspended_at")
			.isNotEmpty()
			.jsonPath("$.memberships[0].role")
			.isEqualTo("owner");
		refresh((String) owner.get("refresh_token")).expectStatus().isUnauthorized();
		login(email, PASSWORD).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("account suspended");
		// The access token still in hand no longer shows any membership, so the gateway refuses it.
		call((String) owner.get("access_token"), "GET", "/api/v1/auth/memberships", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(0);
		assertThat(totals().get("suspended")).isEqualTo(suspendedBefore + 1);
		// Suspending again changes nothing and records nothing.
		call(adminToken, "PATCH", "/api/v1/admin/users/" + userId, Map.of("suspended", true)).expectStatus().isOk();

		List<Map<String, Object>> suspended = OutboxRows.where("auth", "payload->>'event_type' = ? and payload->>'entity_id' = ?",
				"user.suspended", userId.toString());
		assertThat(suspended).hasSize(1);
		assertThat(suspended.get(0)).containsEntry("organization_id", null)
			.containsEntry("actor", Map.of("id", adminId, "type", "user"));
		assertThat(suspended.get(0).get("event_data")).isEqualTo(Map.of("email", email, "via", "admin",
				"refresh_families_revoked", 1));

		call(adminToken, "PATCH", "/api/v1/admin/users/" + userId, Map.of("suspended", false)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.suspended_at")
			.doesNotExist();
		login(email, PASSWORD).expectStatus().isOk();
		assertThat(OutboxRows.where("auth", "payload->>'event_type' = ? and payload->>'entity_id' = ?",
				"user.unsuspended", userId.toString())).hasSize(1);
	}

	@Test
	void grantedAdminsGetTheScopeAndLoseAdminWritesAtOnceWhenRevoked() {
		String adminToken = adminToken();
		Map<String, Object> owner = registerOwner();
		Object userId = user(owner).get("id");
		String email = (String) user(owner).get("email");
		long adminsBefore = totals().get("platform_admins");

		call(adminToken, "PATCH", "/api/v1/admin/users/" + userId, Map.of("is_platform_admin", true)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.is_platform_admin")
			.isEqualTo(true);
		assertThat(totals().get("platform_admins")).isEqualTo(adminsBefore + 1);
		Map<String, Object> session = login(email, PASSWORD).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String grantedToken = (String) session.get("access_token");
		assertThat(scopes(grantedToken)).contains("platform:admin");
		platformAdminCheck(userId).jsonPath("$.is_platform_admin").isEqualTo(true);
		call(grantedToken, "GET", "/api/v1/admin/users?limit=1", null).expectStatus().isOk();
		// A granted (not configured) admin cannot revoke the configured one.
		call(grantedToken, "PATCH", "/api/v1/admin/users/" + user(configuredAdmin()).get("id"),
				Map.of("is_platform_admin", false))
			.expectStatus()
			.isEqualTo(409);
		call(grantedToken, "PATCH", "/api/v1/admin/users/" + user(configuredAdmin()).get("id"),
				Map.of("suspended", true))
			.expectStatus()
			.isEqualTo(409);

		call(adminToken, "PATCH", "/api/v1/admin/users/" + userId, Map.of("is_platform_admin", false)).expectStatus()
			.isOk();
		platformAdminCheck(userId).jsonPath("$.is_platform_admin").isEqualTo(false);
		refresh((String) session.get("refresh_token")).expectStatus().isUnauthorized();
		// Its access token still carries the scope, but every admin write re-reads the flag.
		Map<String, Object> other = registerOwner();
		call(grantedToken, "PATCH", "/api/v1/admin/users/" + user(other).get("id"), Map.of("suspended", true))
			.expectStatus()
			.isForbidden();
		assertThat(scopes(accessTokenOf(email))).doesNotContain("platform:admin");
		assertThat(OutboxRows.forEntity("auth", userId)).extracting(event -> event.get("event_type"))
			.contains("user.platform_admin_granted", "user.platform_admin_revoked");
	}

	@Test
	void countsUsersForTheOverview() {
		configuredAdmin();
		Map<String, Long> totals = totals();
		assertThat(totals.get("total")).isGreaterThanOrEqualTo(1);
		assertThat(totals.get("platform_admins")).isGreaterThanOrEqualTo(1);
		registerOwner();
		assertThat(totals().get("total")).isEqualTo(totals.get("total") + 1);
		call(adminToken(), "GET", "/internal/usage/totals", null).expectStatus().isForbidden();
	}

	private Map<String, Object> configuredAdmin() {
		if (configuredAdmin == null) {
			configuredAdmin = register(CONFIGURED_PLATFORM_ADMIN, uniqueName("Platform"));
		}
		return configuredAdmin;
	}

	private String adminToken() {
		configuredAdmin();
		return accessTokenOf(CONFIGURED_PLATFORM_ADMIN);
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec refresh(String refreshToken) {
		return this.http.post().uri("/api/v1/auth/refresh").bodyValue(Map.of("refresh_token", refreshToken)).exchange();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec platformAdminCheck(Object userId) {
		return call(serviceToken(), "GET", "/internal/users/" + userId + "/platform-admin", null).expectStatus()
			.isOk()
			.expectBody();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Long> totals() {
		Map<String, Object> body = call(serviceToken(), "GET", "/internal/usage/totals", null).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		Map<String, Number> users = (Map<String, Number>) body.get("users");
		return Map.of("total", users.get("total").longValue(), "suspended", users.get("suspended").longValue(),
				"platform_admins", users.get("platform_admins").longValue());
	}

	@SuppressWarnings("unchecked")
	private static List<String> scopes(String accessToken) {
		String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
		return List.of(((String) JSON_MAPPER.readValue(payload, Map.class).get("scope")).split(" "));
	}

}

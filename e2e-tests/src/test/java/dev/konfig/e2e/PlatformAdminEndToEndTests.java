package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.e2e.Accounts.ApiKey;
import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Platform administration through the gateway: the administrator named in
 * {@code KONFIG_AUTH_PLATFORM_ADMINS} lists organizations and deactivates one (its logins and API
 * keys are then refused), reads that organization's events in the system log; an ordinary owner
 * and an API key are refused every {@code /api/v1/admin/**} path.
 */
class PlatformAdminEndToEndTests {

	/** Event delivery is immediate (NOTIFY); the bound leaves room for a busy machine. */
	private static final Duration DELIVERY = Duration.ofSeconds(15);

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	@Test
	void platformAdminDeactivatesAnOrganizationAndReadsItsEvents() throws Exception {
		String admin = Accounts.platformAdminToken();
		Session victim = Accounts.registerOrganization();
		ApiKey key = Accounts.createApiKey(victim, "read");
		assertThat(Accounts.namespacesStatus(key)).isEqualTo(HttpStatus.OK);

		List<Map<String, Object>> listed = call(admin, HttpMethod.GET,
				"/api/v1/admin/organizations?q=" + victim.tokens().tenantName(), null)
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody();
		assertThat(listed).hasSize(1);
		assertThat(listed.get(0)).containsEntry("id", victim.organizationId().toString())
			.containsEntry("is_active", true);

		call(admin, HttpMethod.PATCH, "/api/v1/admin/organizations/" + victim.organizationId(),
				Map.of("is_active", false))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.is_active").isEqualTo(false);
		assertThat(Accounts.eventually(() -> Accounts.loginStatus(victim.email()), HttpStatus.FORBIDDEN, DELIVERY))
			.as("login into the deactivated organization").isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(Accounts.eventually(() -> Accounts.namespacesStatus(key), HttpStatus.UNAUTHORIZED,
				DELIVERY.plus(Suite.API_KEY_CACHE_TTL)))
			.as("the deactivated organization's API key").isEqualTo(HttpStatus.UNAUTHORIZED);

		// The system log shows another organization's trail, the admin's change included.
		String events = "/api/v1/admin/events?organization_id=" + victim.organizationId()
				+ "&event_type=organization.deactivated";
		Instant deadline = Instant.now().plus(DELIVERY);
		List<Map<String, Object>> trail = List.of();
		while (trail.isEmpty() && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			trail = call(admin, HttpMethod.GET, events, null).expectStatus()
				.isOk()
				.expectBody(LIST)
				.returnResult()
				.getResponseBody();
		}
		assertThat(trail).hasSize(1);
		assertThat(trail.get(0)).containsEntry("organization_id", victim.organizationId().toString())
			.containsEntry("level", "info")
			.containsEntry("component", "organization");
		assertThat((Map<String, Object>) trail.get(0).get("event_data")).containsEntry("via", "admin");
		call(admin, HttpMethod.GET, "/api/v1/admin/events?organization_id=" + victim.organizationId()
				+ "&event_type=auth.registered", null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].actor.id").isEqualTo(victim.userId());
	}

	@Test
	void ownersAndApiKeysAreRefusedEveryAdminPath() {
		Session owner = Accounts.registerOrganization();
		ApiKey key = Accounts.createApiKey(owner, "read,write");
		String someone = owner.userId();
		List<String> reads = List.of("/api/v1/admin/users", "/api/v1/admin/events", "/api/v1/admin/events/export",
				"/api/v1/admin/organizations", "/api/v1/admin/organizations/" + owner.organizationId(),
				"/api/v1/admin/overview", "/api/v1/admin/health", "/api/admin/organizations");
		Map<String, Object> writes = Map.of("/api/v1/admin/users/" + someone, Map.of("suspended", true),
				"/api/v1/admin/organizations/" + owner.organizationId(), Map.of("is_active", false));
		for (String path : reads) {
			call(owner.accessToken(), HttpMethod.GET, path, null).expectStatus().isForbidden();
			Accounts.gateway().get().uri(path).header("X-API-Key", key.key()).exchange().expectStatus().isForbidden();
		}
		writes.forEach((path, body) -> {
			call(owner.accessToken(), HttpMethod.PATCH, path, body).expectStatus().isForbidden();
			Accounts.gateway()
				.patch()
				.uri(path)
				.header("X-API-Key", key.key())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus()
				.isForbidden();
		});
		// Nothing changed: the owner still signs in, the organization is active.
		assertThat(Accounts.loginStatus(owner.email())).isEqualTo(HttpStatus.OK);
		assertThat(Accounts.namespacesStatus(key)).isEqualTo(HttpStatus.OK);
	}

	@Test
	void overviewAndHealthShowOnlyWhatTheSuiteMeasures() {
		String admin = Accounts.platformAdminToken();
		Map<String, Object> overview = call(admin, HttpMethod.GET, "/api/admin/overview", null).expectStatus()
			.isOk()
			.expectBody(OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(overview).containsOnlyKeys("organizations", "users", "printers", "print_jobs", "files",
				"generated_at", "unavailable");
		assertThat((Map<String, Object>) overview.get("users")).containsKeys("total", "suspended", "platform_admins");
		assertThat((List<String>) overview.get("unavailable")).doesNotContain("auth-service");
		Map<String, Object> health = call(admin, HttpMethod.GET, "/api/v1/admin/health", null).expectStatus()
			.isOk()
			.expectBody(OBJECT)
			.returnResult()
			.getResponseBody();
		assertThat(health).containsEntry("overall", "healthy");
		assertThat((List<Map<String, Object>>) health.get("services")).extracting(service -> service.get("name"))
			.contains("tenant-service", "auth-service", "config-service", "audit-service");
		call(admin, HttpMethod.GET, "/api/v1/admin/users?q=" + Suite.PLATFORM_ADMIN_EMAIL, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].is_platform_admin").isEqualTo(true);
	}

	private static WebTestClient.ResponseSpec call(String token, HttpMethod method, String uri, Object body) {
		WebTestClient.RequestBodySpec request = Accounts.gateway()
			.method(method)
			.uri(uri)
			.headers(headers -> headers.setBearerAuth(token));
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

}

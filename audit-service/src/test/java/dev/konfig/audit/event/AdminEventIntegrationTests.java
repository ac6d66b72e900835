package dev.konfig.audit.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;
import dev.konfig.platform.web.Tenancy;

import static org.assertj.core.api.Assertions.assertThat;

/** The platform admin's system log: {@code /api/v1/admin/events} (spec AD-3, AD-8, §7.2). */
class AdminEventIntegrationTests extends AuditIntegrationTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	private final UUID first = UUID.randomUUID();

	private final UUID second = UUID.randomUUID();

	/** A component nobody else uses, so rows of other tests and runs never match. */
	private final String component = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final UUID adminId = UUID.randomUUID();

	private final String adminToken = tokens.platformAdmin(this.adminId, UUID.randomUUID(), Role.MEMBER);

	@Test
	void readsEveryOrganizationAndTheEventsOfNone() {
		ingestThree();

		EntityExchangeResult<List<Map<String, Object>>> page = get("/api/v1/admin/events?component=" + this.component
				+ "&limit=2").expectStatus().isOk().expectBody(LIST).returnResult();
		List<Map<String, Object>> items = page.getResponseBody();
		assertThat(items).extracting(item -> item.get("event_type"))
			.containsExactly(this.component + ".denied", this.component + ".failed");
		assertThat(items.get(0)).containsEntry("organization_id", Tenancy.NO_ORGANIZATION.toString())
			.containsEntry("level", "warning")
			.containsEntry("component", this.component)
			.containsKeys("id", "sequence", "hash", "event_data", "actor");
		assertThat(items.get(1)).containsEntry("organization_id", this.second.toString())
			.containsEntry("level", "error");
		String cursor = Links.nextCursor(page.getResponseHeaders());
		get("/api/v1/admin/events?component=" + this.component + "&limit=2&cursor=" + cursor).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].organization_id").isEqualTo(this.first.toString())
			.jsonPath("$[0].level").isEqualTo("info");

		get("/api/v1/admin/events?component=" + this.component + "&level=error").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].event_type").isEqualTo(this.component + ".failed");
		get("/api/v1/admin/events?component=" + this.component + "&organization_id=" + this.first).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].organization_id").isEqualTo(this.first.toString());
		get("/api/v1/admin/events?event_type=" + this.component + ".fail&organization_id=" + this.second)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1);
		// A component is a whole first segment, not a prefix of one.
		get("/api/v1/admin/events?component=" + this.component.substring(0, 8)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(0);
	}

	@Test
	void exportsAcrossOrganizationsAndRecordsTheExportUnderNoOrganization() {
		ingestThree();
		byte[] body = get("/api/v1/admin/events/export?format=ndjson&component=" + this.component).expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("application/x-ndjson")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
		assertThat(lines).hasSize(3);
		assertThat(lines[0]).contains("\"event_type\":\"" + this.component + ".created\"");

		get("/api/v1/admin/events?event_type=audit.exported&actor_id=" + this.adminId).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].organization_id").isEqualTo(Tenancy.NO_ORGANIZATION.toString())
			.jsonPath("$[0].actor.id").isEqualTo(this.adminId.toString())
			.jsonPath("$[0].event_data.format").isEqualTo("ndjson")
			.jsonPath("$[0].event_data.filters.component").isEqualTo(this.component);
	}

	@Test
	void refusesEveryoneButPlatformAdmins() {
		ingestThree();
		UUID organization = this.first;
		List<String> refused = List.of(tokens.user(UUID.randomUUID(), organization, Role.OWNER),
				tokens.apiKey(UUID.randomUUID(), organization, "read", "write", "audit:read", "platform:admin"),
				tokens.service("tenant-service"));
		for (String token : refused) {
			for (String path : List.of("/api/v1/admin/events", "/api/v1/admin/events/export")) {
				this.http.get()
					.uri(path)
					.headers(headers -> headers.setBearerAuth(token))
					.exchange()
					.expectStatus()
					.isForbidden();
			}
		}
	}

	@Test
	void givesPlatformAdminsNoExtraRightsOnTheOrdinaryTrail() {
		ingestThree();
		// The platform scope does not make a member an admin of their organization...
		this.http.get()
			.uri("/api/v1/events")
			.headers(headers -> headers.setBearerAuth(this.adminToken))
			.exchange()
			.expectStatus()
			.isForbidden();
		// ...and an organization admin with the scope still reads only their own organization.
		String adminOfAnother = tokens.platformAdmin(UUID.randomUUID(), UUID.randomUUID(), Role.ADMIN);
		this.http.get()
			.uri("/api/v1/events?event_type=" + this.component)
			.headers(headers -> headers.setBearerAuth(adminOfAnother))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(0);
	}

	@Test
	void refusesBadFilters() {
		for (String bad : List.of("level=fatal", "component=Config.x", "organization_id=42", "limit=0",
				"cursor=nope")) {
			String field = bad.substring(0, bad.indexOf('='));
			get("/api/v1/admin/events?" + bad).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field").isEqualTo(field);
		}
		get("/api/v1/admin/events/export?from=2024-01-01T00:00:00Z&to=2025-01-02T00:00:00Z").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("to");
	}

	/** Oldest first: a success in the first organization, a failure in the second, a refusal in none. */
	private void ingestThree() {
		Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);
		Map<String, Object> created = event(this.first, this.component + ".created", "thing", "1", "u1", base);
		Map<String, Object> failed = event(this.second, this.component + ".failed", "thing", "2", "u2",
				base.plusSeconds(1));
		failed.put("outcome", "failure");
		Map<String, Object> denied = event(this.first, this.component + ".denied", "thing", "3", "u3",
				base.plusSeconds(2));
		denied.remove("organization_id");
		denied.put("outcome", "denied");
		ingest(List.of(created, failed, denied)).expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec get(String uri) {
		return this.http.get().uri(uri).headers(headers -> headers.setBearerAuth(this.adminToken)).exchange();
	}

}

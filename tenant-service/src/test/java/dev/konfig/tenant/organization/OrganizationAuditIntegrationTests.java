package dev.konfig.tenant.organization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/** Every change to an organization leaves exactly one outbox event; a refused change leaves none. */
class OrganizationAuditIntegrationTests extends TenantIntegrationTest {

	@Test
	void recordsTheInternalCreateWithAuthServiceAsActorAndTheClientsOrigin() {
		UUID id = UUID.randomUUID();
		String name = uniqueName("Audited");
		this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> {
				headers.setBearerAuth(serviceToken());
				headers.set("X-Forwarded-For", "203.0.113.7, 10.0.0.2");
				headers.set("User-Agent", "audit-test/1.0");
				headers.set("X-Request-Id", "req-tenant-1");
			})
			.bodyValue(Map.of("id", id, "name", name, "description", "Prints transfers"))
			.exchange()
			.expectStatus().isCreated();

		Map<String, Object> event = single(OutboxRows.forEntity("tenant", id));
		assertThat(event).containsEntry("event_type", "organization.created")
			.containsEntry("organization_id", id.toString())
			.containsEntry("entity_type", "organization")
			.containsEntry("entity_id", id.toString())
			.containsEntry("actor", Map.of("id", "auth-service", "type", "service"))
			.containsEntry("ip_address", "203.0.113.7")
			.containsEntry("user_agent", "audit-test/1.0")
			.containsEntry("request_id", "req-tenant-1")
			.containsEntry("outcome", "success");
		assertThat(event.get("id")).isNotNull();
		assertThat(event.get("occurred_at")).isNotNull();
		assertThat(data(event)).containsEntry("name", name)
			.containsEntry("description", "Prints transfers")
			.containsEntry("settings", Map.of("is_active", true));
	}

	@Test
	void recordsARetriedInternalCreateOnlyOnce() {
		UUID id = UUID.randomUUID();
		String name = uniqueName("Retried");
		for (int attempt = 0; attempt < 2; attempt++) {
			internalCreate(id, name).expectStatus().value(status -> assertThat(status).isIn(200, 201));
		}
		assertThat(OutboxRows.forEntity("tenant", id)).hasSize(1);
	}

	@Test
	void recordsNothingForARefusedInternalCreate() {
		String name = uniqueName("Clash");
		organization(name);
		UUID clashing = UUID.randomUUID();
		internalCreate(clashing, name.toUpperCase()).expectStatus().isEqualTo(409);
		assertThat(OutboxRows.forEntity("tenant", clashing)).isEmpty();
	}

	@Test
	void recordsTheCreatorOfAnOrganizationAsActor() {
		UUID user = UUID.randomUUID();
		String name = uniqueName("Founded");
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken(user, Map.of())))
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus().isCreated();

		Map<String, Object> event = single(OutboxRows.where("tenant", "payload->'event_data'->>'name' = ?", name));
		assertThat(event).containsEntry("event_type", "organization.created")
			.containsEntry("entity_type", "organization")
			.containsEntry("actor", Map.of("id", user.toString(), "type", "user"))
			.containsEntry("outcome", "success");
		assertThat(event.get("organization_id")).isNotNull().isEqualTo(event.get("entity_id"));
		assertThat(event.get("ip_address")).isNotNull();
	}

	@Test
	void recordsTheCreationAndItsCompensationWhenTheOwnerCannotBeGranted() {
		UUID user = UUID.randomUUID();
		authService.refuseGrantsFor(user);
		String name = uniqueName("Half made");
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken(user, Map.of())))
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus().isEqualTo(503);
		// The organization committed before auth-service was asked, so its removal is an event too.
		List<Map<String, Object>> events = OutboxRows.where("tenant", "payload->'event_data'->>'name' = ?", name);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created", "organization.deleted");
		assertThat(data(events.get(1))).containsEntry("reason", "owner_not_granted");
	}

	@Test
	void recordsWhatAnUpdateChangedBeforeAndAfter() {
		String before = uniqueName("Old");
		UUID organization = organization(before);
		UUID admin = UUID.randomUUID();
		String token = userToken(admin, Map.of(organization, Role.ADMIN));
		String after = uniqueName("New");
		patch(token, organization, Map.of("name", after, "settings", Map.of("theme", "dark"))).expectStatus().isOk();

		List<Map<String, Object>> events = OutboxRows.forEntity("tenant", organization);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created", "organization.updated");
		Map<String, Object> updated = events.get(1);
		assertThat(updated).containsEntry("organization_id", organization.toString())
			.containsEntry("actor", Map.of("id", admin.toString(), "type", "user"))
			.containsEntry("outcome", "success");
		assertThat(data(updated)).containsEntry("before",
				Map.of("name", before, "settings", Map.of("is_active", true)))
			.containsEntry("after", Map.of("name", after, "settings", Map.of("is_active", true, "theme", "dark")));
	}

	@Test
	void masksSecretLookingSettings() {
		UUID organization = organization(uniqueName("Hooks"));
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		patch(owner, organization, Map.of("settings", Map.of("webhook_secret", "whsec-live-123"))).expectStatus().isOk();
		Map<String, Object> updated = OutboxRows.forEntity("tenant", organization).get(1);
		assertThat(data(updated)).containsEntry("after",
				Map.of("settings", Map.of("is_active", true, "webhook_secret", "********")));
		assertThat(updated.toString()).doesNotContain("whsec-live-123");
	}

	@Test
	void recordsNothingForRefusedUpdates() {
		String taken = uniqueName("Taken");
		organization(taken);
		UUID organization = organization(uniqueName("Kept"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String member = userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER));
		patch(admin, organization, Map.of("name", taken)).expectStatus().isEqualTo(409);
		patch(member, organization, Map.of("description", "mine now")).expectStatus().isForbidden();
		patch(admin, organization, Map.of("settings", Map.of("is_active", false))).expectStatus().isForbidden();
		patch(admin, organization, Map.of("settings", Map.of("is_active", "yes"))).expectStatus().isBadRequest();
		assertThat(OutboxRows.forEntity("tenant", organization)).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created");
	}

	@Test
	void recordsTheCompensatingDeleteOnce() {
		String name = uniqueName("Undone");
		UUID organization = organization(name);
		for (int attempt = 0; attempt < 2; attempt++) {
			this.http.delete()
				.uri("/internal/organizations/{id}", organization)
				.headers(headers -> headers.setBearerAuth(serviceToken()))
				.exchange()
				.expectStatus().isNoContent();
		}
		List<Map<String, Object>> events = OutboxRows.forEntity("tenant", organization);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("organization.created", "organization.deleted");
		assertThat(events.get(1)).containsEntry("actor", Map.of("id", "auth-service", "type", "service"));
		assertThat(data(events.get(1))).containsEntry("name", name);
	}

	private WebTestClient.ResponseSpec internalCreate(UUID id, String name) {
		return this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("id", id, "name", name))
			.exchange();
	}

	private WebTestClient.ResponseSpec patch(String token, UUID organization, Map<String, Object> body) {
		return this.http.patch()
			.uri("/api/v1/organizations/{id}", organization)
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(new LinkedHashMap<>(body))
			.exchange();
	}

	private static Map<String, Object> single(List<Map<String, Object>> events) {
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> event) {
		return (Map<String, Object>) event.get("event_data");
	}

}

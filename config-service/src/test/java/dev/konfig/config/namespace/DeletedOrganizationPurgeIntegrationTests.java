package dev.konfig.config.namespace;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tenant-service's {@code organization.deleted}, delivered as its relay delivers it, makes
 * config-service forget that organization's namespaces, configs and history, and nothing of any
 * other organization; a redelivery changes nothing.
 */
class DeletedOrganizationPurgeIntegrationTests extends ConfigIntegrationTest {

	@Test
	void forgetsTheDeletedOrganizationOnlyAndOnce() {
		UUID deleted = organization();
		UUID kept = organization();
		String owner = user(deleted, Role.OWNER);
		String other = user(kept, Role.OWNER);
		String doomed = uniqueName("doomed");
		namespace(owner, doomed);
		config(owner, doomed, "colour", "blue", "string");
		config(owner, doomed, "token", "hunter2", "string", "is_secret", true);
		namespace(owner, uniqueName("also-doomed"));
		String survivor = uniqueName("survivor");
		namespace(other, survivor);
		config(other, survivor, "colour", "red", "string");

		UUID eventId = UUID.randomUUID();
		deliver(eventId, deleted).expectStatus().is2xxSuccessful();

		assertThat(rows("namespaces", deleted)).isZero();
		assertThat(rows("configs", deleted)).isZero();
		assertThat(rows("config_history", deleted)).isZero();
		get(owner, "/api/v1/namespaces/" + doomed).exchange().expectStatus().isNotFound();
		assertThat(rows("namespaces", kept)).isEqualTo(1);
		assertThat(rows("config_history", kept)).isEqualTo(1);
		get(other, "/api/v1/namespaces/" + survivor + "/configs/colour").exchange().expectStatus().isOk();

		List<Map<String, Object>> purged = OutboxRows.where("config",
				"payload->>'event_type' = 'namespaces.purged' AND payload->>'organization_id' = ?", deleted.toString());
		assertThat(purged).hasSize(1);
		assertThat(purged.get(0).get("event_data")).isEqualTo(Map.of("history_entries", 2, "configs", 2,
				"namespaces", 2, "organization_event_id", eventId.toString()));
		assertThat(purged.get(0).get("actor")).isEqualTo(Map.of("id", "config-service", "type", "service"));

		// At least once: the same event again is acknowledged and applied no second time.
		deliver(eventId, deleted).expectStatus().is2xxSuccessful();
		assertThat(OutboxRows.where("config",
				"payload->>'event_type' = 'namespaces.purged' AND payload->>'organization_id' = ?", deleted.toString()))
			.hasSize(1);
		assertThat(rows("namespaces", kept)).isEqualTo(1);
	}

	@Test
	void takesDeletionEventsFromServicesOnly() {
		UUID organization = organization();
		String owner = user(organization, Role.OWNER);
		namespace(owner, uniqueName("kept"));
		this.http.post()
			.uri("/internal/events")
			.headers(headers -> headers.setBearerAuth(owner))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch(UUID.randomUUID(), organization))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(rows("namespaces", organization)).isEqualTo(1);
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec deliver(UUID eventId,
			UUID organization) {
		return this.http.post()
			.uri("/internal/events")
			.headers(headers -> headers.setBearerAuth(tokens.service("tenant-service")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch(eventId, organization))
			.exchange();
	}

	private static String batch(UUID eventId, UUID organization) {
		return """
				{"events": [{"id": "%s", "organization_id": "%s", "occurred_at": "%s",
				  "event_type": "organization.deleted", "entity_type": "organization", "entity_id": "%s",
				  "actor": {"id": "%s", "type": "user"}, "outcome": "success",
				  "event_data": {"id": "%s", "name": "Gone", "status": "active", "version": 2, "shops_deleted": 0}}]}
				""".formatted(eventId, organization, Instant.now(), organization, UUID.randomUUID(), organization);
	}

	private static long rows(String table, UUID organization) {
		return TestDatabase.get().number("SELECT count(*) FROM config." + table + " WHERE organization_id = ?",
				organization);
	}

}

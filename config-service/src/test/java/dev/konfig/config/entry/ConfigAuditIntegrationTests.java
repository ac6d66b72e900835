package dev.konfig.config.entry;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every config change leaves exactly one outbox event with what changed; secret values appear
 * only masked; a refused change (422, 412, 409, 404, 403) leaves none.
 */
class ConfigAuditIntegrationTests extends ConfigIntegrationTest {

	@Test
	void recordsACreatedConfigWithItsValue() {
		UUID organization = organization();
		UUID userId = UUID.randomUUID();
		String member = tokens.user(userId, organization, Role.MEMBER);
		String ns = namespace(member, uniqueName("created"));
		String id = config(member, ns, "pool.size", 20, "number", "description", "Connections").get("id").toString();

		Map<String, Object> event = single(OutboxRows.forEntity("config", id));
		assertThat(event).containsEntry("event_type", "config.created")
			.containsEntry("organization_id", organization.toString())
			.containsEntry("entity_type", "config")
			.containsEntry("entity_id", id)
			.containsEntry("actor", Map.of("id", userId.toString(), "type", "user"))
			.containsEntry("outcome", "success");
		assertThat(data(event)).containsEntry("namespace_id", ns)
			.containsEntry("key", "pool.size")
			.containsEntry("value", 20)
			.containsEntry("value_type", "number")
			.containsEntry("is_secret", false)
			.containsEntry("description", "Connections")
			.containsEntry("version", 1);
	}

	@Test
	void recordsAnUpdateBeforeAndAfterAndADeletion() {
		UUID organization = organization();
		String member = user(organization, Role.MEMBER);
		String ns = namespace(member, uniqueName("changed"));
		String path = "/api/v1/namespaces/" + ns + "/configs/level";
		String id = config(member, ns, "level", "info", "string").get("id").toString();
		put(member, path, etag(1), Map.of("value", "debug", "description", "Log level")).expectStatus().isOk();
		delete(member, path, etag(2)).expectStatus().isNoContent();

		List<Map<String, Object>> events = OutboxRows.forEntity("config", id);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("config.created", "config.updated", "config.deleted");
		Map<String, Object> before = new java.util.HashMap<>();
		before.put("value", "info");
		before.put("description", null);
		assertThat(data(events.get(1))).containsEntry("key", "level")
			.containsEntry("version", 2)
			.containsEntry("before", before)
			.containsEntry("after", Map.of("value", "debug", "description", "Log level"));
		assertThat(data(events.get(2))).containsEntry("key", "level")
			.containsEntry("version", 2)
			.containsEntry("is_secret", false)
			.doesNotContainKey("value");
	}

	@Test
	void recordsARollbackWithTheRestoredVersion() {
		UUID organization = organization();
		UUID keyId = UUID.randomUUID();
		String key = tokens.apiKey(keyId, organization, "read", "write");
		String ns = namespace(key, uniqueName("undo"));
		String path = "/api/v1/namespaces/" + ns + "/configs/mode";
		String id = config(key, ns, "mode", "a", "string").get("id").toString();
		put(key, path, etag(1), Map.of("value", "b")).expectStatus().isOk();
		post(key, path + "/rollback", Map.of("version", 1)).expectStatus().isOk();

		Map<String, Object> rollback = OutboxRows.forEntity("config", id).get(2);
		assertThat(rollback).containsEntry("event_type", "config.rolled_back")
			.containsEntry("actor", Map.of("id", keyId.toString(), "type", "api_key"));
		assertThat(data(rollback)).containsEntry("restored_version", 1)
			.containsEntry("version", 3)
			.containsEntry("before", Map.of("value", "b"))
			.containsEntry("after", Map.of("value", "a"));
		assertThat(OutboxRows.forEntity("config", id)).hasSize(3);
	}

	@Test
	void masksSecretValuesInEveryEvent() {
		UUID organization = organization();
		String admin = user(organization, Role.ADMIN);
		String ns = namespace(admin, uniqueName("secret"));
		String path = "/api/v1/namespaces/" + ns + "/configs/pw";
		String id = config(admin, ns, "pw", "visible-at-first", "string").get("id").toString();
		put(admin, path, etag(1), Map.of("is_secret", true)).expectStatus().isOk();
		put(admin, path, etag(2), Map.of("value", "hunter2-the-secret")).expectStatus().isOk();
		post(admin, path + "/rollback", Map.of("version", 1)).expectStatus().isOk();
		String other = config(admin, ns, "token", "born-secret", "string", "is_secret", true).get("id").toString();

		List<Map<String, Object>> events = OutboxRows.forEntity("config", id);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("config.created", "config.updated", "config.updated", "config.rolled_back");
		// Turning a config secret masks its value on both sides, even the value that was plain.
		assertThat(data(events.get(1))).containsEntry("before", Map.of("is_secret", false))
			.containsEntry("after", Map.of("is_secret", true));
		assertThat(data(events.get(2))).containsEntry("before", Map.of("value", "********"))
			.containsEntry("after", Map.of("value", "********"));
		assertThat(data(events.get(3))).containsEntry("after", Map.of("value", "********"));
		assertThat(data(single(OutboxRows.forEntity("config", other)))).containsEntry("value", "********")
			.containsEntry("is_secret", true);
		assertThat(OutboxRows.where("config", "payload->>'organization_id' = ?", String.valueOf(organization)).toString()).doesNotContain("hunter2-the-secret")
			.doesNotContain("born-secret");
	}

	@Test
	void recordsNothingForRefusedChanges() {
		UUID organization = organization();
		String member = user(organization, Role.MEMBER);
		String ns = namespace(member, uniqueName("refused"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		String id = config(member, ns, "n", 1, "number").get("id").toString();
		post(member, base, Map.of("key", "n", "value", 2, "value_type", "number")).expectStatus().isEqualTo(409);
		post(member, base, Map.of("key", "m", "value", "x", "value_type", "number")).expectStatus().isEqualTo(422);
		put(member, base + "/n", etag(1), Map.of("value", "text")).expectStatus().isEqualTo(422);
		put(member, base + "/n", etag(7), Map.of("value", 3)).expectStatus().isEqualTo(412);
		delete(member, base + "/n", etag(7)).expectStatus().isEqualTo(412);
		post(member, base + "/n/rollback", Map.of("version", 9)).expectStatus().isNotFound();
		post(apiKey(organization, "read"), base, Map.of("key", "v", "value", 1, "value_type", "number"))
			.expectStatus().isForbidden();

		assertThat(OutboxRows.where("config", "payload->>'organization_id' = ?", String.valueOf(organization))).extracting(event -> event.get("event_type"))
			.containsExactly("namespace.created", "config.created");
		assertThat(OutboxRows.forEntity("config", id)).hasSize(1);
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

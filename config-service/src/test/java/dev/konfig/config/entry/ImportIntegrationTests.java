package dev.konfig.config.entry;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Namespaces and configs brought in by the importer: ids, versions and the whole history kept,
 * secrets sealed with the service's keys, idempotent, internal only, and a dry run writes nothing.
 */
class ImportIntegrationTests extends ConfigIntegrationTest {

	private static final String IMPORTER = tokens.service("importer");

	@Test
	void importsAConfigWithItsWholeHistoryAndVersion() {
		UUID org = organization();
		UUID namespaceId = importNamespace(org, uniqueName("legacy"));
		UUID configId = UUID.randomUUID();
		Map<String, Object> config = config(configId, org, namespaceId, "timeout_ms", "number", false,
				List.of(version(1, "create", 100), version(2, "update", 250), version(3, "update", 1500)));

		post(IMPORTER, "/internal/import/configs", config).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("imported");
		post(IMPORTER, "/internal/import/configs", config).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("already_there");

		String member = user(org, Role.MEMBER);
		String path = "/api/v1/namespaces/" + namespaceId + "/configs/timeout_ms";
		get(member, path).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("ETag", "\"3\"")
			.expectBody()
			.jsonPath("$.id").isEqualTo(configId.toString())
			.jsonPath("$.value").isEqualTo(1500)
			.jsonPath("$.version").isEqualTo(3);
		get(member, path + "/history").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(3)
			.jsonPath("$[2].value").isEqualTo(100)
			.jsonPath("$[2].change_type").isEqualTo("create")
			.jsonPath("$[2].changed_at").isEqualTo("2025-03-01T09:01:00Z")
			.jsonPath("$[1].value").isEqualTo(250);
		// The suite goes on from the imported version.
		put(member, path, etag(3), Map.of("value", 2000)).expectStatus().isOk();
		get(member, path).exchange().expectBody().jsonPath("$.version").isEqualTo(4);
		assertThat(TestDatabase.get().number("SELECT count(*) FROM config.outbox WHERE event_type = 'config.imported' "
				+ "AND payload ->> 'entity_id' = ?", configId.toString())).isEqualTo(1);
	}

	@Test
	void sealsSecretsAndTheirHistoryWithTheServicesKeys() {
		UUID org = organization();
		UUID namespaceId = importNamespace(org, uniqueName("vault"));
		UUID configId = UUID.randomUUID();
		post(IMPORTER, "/internal/import/configs", config(configId, org, namespaceId, "psp_secret", "string", true,
				List.of(version(1, "create", "old-secret"), version(2, "update", "new-secret"))))
			.expectStatus()
			.isCreated();

		assertThat(TestDatabase.get().number("SELECT count(*) FROM config.config_history WHERE config_id = ? "
				+ "AND (value LIKE '%secret%' OR secret_key_id IS NULL)", configId)).isZero();
		assertThat(TestDatabase.get().number("SELECT count(*) FROM config.configs WHERE id = ? "
				+ "AND value NOT LIKE '%secret%' AND secret_key_id = 'test-2'", configId)).isOne();
		get(user(org, Role.ADMIN), "/api/v1/namespaces/" + namespaceId + "/configs/psp_secret").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo("new-secret");
	}

	@Test
	void refusesBadHistoryAnotherOrganizationsNamespaceAndNonServiceCallers() {
		UUID org = organization();
		UUID namespaceId = importNamespace(org, uniqueName("strict"));

		post(IMPORTER, "/internal/import/configs", config(UUID.randomUUID(), org, namespaceId, "k", "number", false,
				List.of(version(2, "create", 1), version(1, "update", 2))))
			.expectStatus()
			.isEqualTo(422);
		post(IMPORTER, "/internal/import/configs", config(UUID.randomUUID(), org, namespaceId, "k", "number", false,
				List.of(version(1, "create", "not a number"))))
			.expectStatus()
			.isEqualTo(422);
		post(IMPORTER, "/internal/import/configs", config(UUID.randomUUID(), organization(), namespaceId, "k",
				"string", false, List.of(version(1, "create", "v"))))
			.expectStatus()
			.isNotFound();
		post(user(org, Role.OWNER), "/internal/import/configs", config(UUID.randomUUID(), org, namespaceId, "k",
				"string", false, List.of(version(1, "create", "v"))))
			.expectStatus()
			.isForbidden();
		// Another service's client is not the importer.
		post(tokens.service("tenant-service"), "/internal/import/configs", config(UUID.randomUUID(), org, namespaceId,
				"k", "string", false, List.of(version(1, "create", "v"))))
			.expectStatus()
			.isForbidden();
		assertThat(TestDatabase.get().number("SELECT count(*) FROM config.configs WHERE namespace_id = ?", namespaceId))
			.isZero();
	}

	@Test
	void aDryRunWritesNothing() {
		UUID org = organization();
		UUID namespaceId = importNamespace(org, uniqueName("dry"));
		UUID configId = UUID.randomUUID();

		post(IMPORTER, "/internal/import/configs?dry_run=true", config(configId, org, namespaceId, "k", "string",
				false, List.of(version(1, "create", "v"))))
			.expectStatus()
			.isCreated();
		UUID otherNamespace = UUID.randomUUID();
		post(IMPORTER, "/internal/import/namespaces?dry_run=true", Map.of("id", otherNamespace, "organization_id",
				org, "name", "never", "source", "konfig"))
			.expectStatus()
			.isCreated();

		assertThat(TestDatabase.get().number("SELECT count(*) FROM config.configs WHERE id = ?", configId)).isZero();
		assertThat(TestDatabase.get().number("SELECT count(*) FROM config.config_history WHERE config_id = ?",
				configId)).isZero();
		assertThat(TestDatabase.get().number("SELECT count(*) FROM config.namespaces WHERE id = ?", otherNamespace))
			.isZero();
		assertThat(TestDatabase.get().number("SELECT revision FROM config.namespaces WHERE id = ?", namespaceId))
			.isZero();
	}

	@Test
	void aNamespaceNameTakenByAnotherIdIsAConflict() {
		UUID org = organization();
		String name = uniqueName("twice");
		importNamespace(org, name);

		post(IMPORTER, "/internal/import/namespaces",
				Map.of("id", UUID.randomUUID(), "organization_id", org, "name", name, "source", "konfig"))
			.expectStatus()
			.isEqualTo(409);
		post(IMPORTER, "/internal/import/namespaces",
				Map.of("id", UUID.randomUUID(), "organization_id", org, "name", "has spaces", "source", "konfig"))
			.expectStatus()
			.isBadRequest();
	}

	private UUID importNamespace(UUID org, String name) {
		UUID id = UUID.randomUUID();
		Map<String, Object> body = Map.of("id", id, "organization_id", org, "name", name, "description", "from konfig",
				"created_at", "2025-03-01T09:00:00Z", "source", "konfig");
		post(IMPORTER, "/internal/import/namespaces", body).expectStatus().isCreated();
		post(IMPORTER, "/internal/import/namespaces", body).expectStatus().isOk();
		return id;
	}

	private static Map<String, Object> config(UUID id, UUID org, UUID namespaceId, String key, String type,
			boolean secret, List<Map<String, Object>> history) {
		Map<String, Object> body = new HashMap<>();
		body.put("id", id);
		body.put("organization_id", org);
		body.put("namespace_id", namespaceId);
		body.put("key", key);
		body.put("value_type", type);
		body.put("is_secret", secret);
		body.put("history", history);
		body.put("source", "konfig");
		return body;
	}

	private static Map<String, Object> version(int version, String change, Object value) {
		return Map.of("version", version, "change_type", change, "value", value, "changed_at",
				Instant.parse("2025-03-01T09:00:00Z").plusSeconds(60L * version).toString(), "changed_by",
				UUID.randomUUID().toString());
	}

}

package dev.konfig.config.namespace;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/** Every namespace change leaves exactly one outbox event; a refused change leaves none. */
class NamespaceAuditIntegrationTests extends ConfigIntegrationTest {

	@Test
	void recordsACreatedNamespaceWithTheCallerAndTheClientsOrigin() {
		UUID organization = organization();
		UUID userId = UUID.randomUUID();
		String member = tokens.user(userId, organization, Role.MEMBER);
		String name = uniqueName("audited");
		String id = this.http.post()
			.uri("/api/v1/namespaces")
			.headers(headers -> {
				headers.setBearerAuth(member);
				headers.set("X-Forwarded-For", "198.51.100.4, 10.0.0.3");
				headers.set("User-Agent", "konfig-cli/2.1");
				headers.set("X-Request-Id", "req-ns-1");
			})
			.bodyValue(Map.of("name", name, "description", "Checkout"))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id")
			.toString();

		List<Map<String, Object>> events = OutboxRows.forEntity("config", id);
		assertThat(events).hasSize(1);
		assertThat(events.get(0)).containsEntry("event_type", "namespace.created")
			.containsEntry("organization_id", organization.toString())
			.containsEntry("entity_type", "namespace")
			.containsEntry("entity_id", id)
			.containsEntry("actor", Map.of("id", userId.toString(), "type", "user"))
			.containsEntry("ip_address", "198.51.100.4")
			.containsEntry("user_agent", "konfig-cli/2.1")
			.containsEntry("request_id", "req-ns-1")
			.containsEntry("outcome", "success")
			.containsEntry("event_data", Map.of("name", name, "description", "Checkout", "require_if_match", false));
	}

	@Test
	void recordsWhatAnUpdateChangedWithAnApiKeyAsActor() {
		UUID organization = organization();
		String member = user(organization, Role.MEMBER);
		String before = uniqueName("before");
		String id = namespace(member, before);
		UUID keyId = UUID.randomUUID();
		String key = tokens.apiKey(keyId, organization, "read", "write");
		String after = uniqueName("after");
		patch(key, id, Map.of("name", after)).expectStatus().isOk();

		List<Map<String, Object>> events = OutboxRows.forEntity("config", id);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("namespace.created", "namespace.updated");
		assertThat(events.get(1)).containsEntry("actor", Map.of("id", keyId.toString(), "type", "api_key"))
			.containsEntry("organization_id", organization.toString())
			.containsEntry("event_data",
					Map.of("name", after, "before", Map.of("name", before), "after", Map.of("name", after)));
	}

	@Test
	void recordsADeletedNamespaceWithTheNumberOfConfigsItTook() {
		UUID organization = organization();
		String admin = user(organization, Role.ADMIN);
		String name = uniqueName("doomed");
		String id = namespace(admin, name);
		config(admin, id, "a", 1, "number");
		config(admin, id, "b", "x", "string", "is_secret", true);
		delete(admin, "/api/v1/namespaces/" + id, null).expectStatus().isNoContent();

		List<Map<String, Object>> events = OutboxRows.forEntity("config", id);
		assertThat(events).extracting(event -> event.get("event_type"))
			.containsExactly("namespace.created", "namespace.deleted");
		assertThat(events.get(1)).containsEntry("organization_id", organization.toString())
			.containsEntry("outcome", "success");
		assertThat(events.get(1).get("event_data")).isInstanceOfSatisfying(Map.class,
				data -> assertThat(data).containsEntry("name", name).containsEntry("configs_deleted", 2));
	}

	@Test
	void recordsNothingForRefusedChanges() {
		UUID organization = organization();
		String admin = user(organization, Role.ADMIN);
		String member = user(organization, Role.MEMBER);
		String taken = uniqueName("taken");
		namespace(admin, taken);
		String id = namespace(admin, uniqueName("kept"));
		post(admin, "/api/v1/namespaces", Map.of("name", taken)).expectStatus().isEqualTo(409);
		patch(admin, id, Map.of("name", taken)).expectStatus().isEqualTo(409);
		delete(member, "/api/v1/namespaces/" + id, null).expectStatus().isForbidden();
		delete(user(organization(), Role.ADMIN), "/api/v1/namespaces/" + id, null).expectStatus().isNotFound();

		assertThat(OutboxRows.where("config", "payload->>'organization_id' = ?", String.valueOf(organization))).extracting(event -> event.get("event_type"))
			.containsExactly("namespace.created", "namespace.created");
		assertThat(OutboxRows.forEntity("config", id)).hasSize(1);
	}

	private WebTestClient.ResponseSpec patch(String token, String namespace, Map<String, Object> body) {
		return this.http.patch()
			.uri("/api/v1/namespaces/{ns}", namespace)
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(body)
			.exchange();
	}

}

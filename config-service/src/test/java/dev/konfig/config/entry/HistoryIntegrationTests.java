package dev.konfig.config.entry;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryIntegrationTests extends ConfigIntegrationTest {

	@Test
	void listsChangesNewestFirstWithWhoMadeThem() {
		UUID org = organization();
		UUID userId = UUID.randomUUID();
		String member = tokens.user(userId, org, Role.MEMBER);
		UUID keyId = UUID.randomUUID();
		String writer = tokens.apiKey(keyId, org, "write");
		String ns = namespace(member, uniqueName("hist"));
		String path = "/api/v1/namespaces/" + ns + "/configs/mode";
		config(member, ns, "mode", "a", "string");
		put(writer, path, etag(1), Map.of("value", "b")).expectStatus().isOk();
		put(member, path, etag(2), Map.of("value", "c")).expectStatus().isOk();
		get(member, path + "/history").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(3)
			.jsonPath("$[0].version").isEqualTo(3)
			.jsonPath("$[0].value").isEqualTo("c")
			.jsonPath("$[0].change_type").isEqualTo("update")
			.jsonPath("$[0].actor_id").isEqualTo(userId.toString())
			.jsonPath("$[0].actor_type").isEqualTo("user")
			.jsonPath("$[1].actor_id").isEqualTo(keyId.toString())
			.jsonPath("$[1].actor_type").isEqualTo("api_key")
			.jsonPath("$[2].change_type").isEqualTo("create")
			.jsonPath("$[2].changed_at").isNotEmpty();
		get(member, path + "/history?limit=2").exchange()
			.expectStatus().isOk()
			.expectHeader().values(HttpHeaders.LINK, links -> assertThat(Links.nextCursor(links)).isNotEmpty())
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2);
	}

	@Test
	void keepsTheHistoryOfADeletedConfig() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("gone"));
		String path = "/api/v1/namespaces/" + ns + "/configs/old";
		config(member, ns, "old", 1, "number");
		delete(member, path, etag(1)).expectStatus().isNoContent();
		get(member, path + "/history").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2)
			.jsonPath("$[0].change_type").isEqualTo("delete")
			.jsonPath("$[0].version").isEqualTo(2)
			.jsonPath("$[1].value").isEqualTo(1);
		// Re-created, the key goes on counting, so every version names one value.
		config(member, ns, "old", 7, "number");
		get(member, path).exchange().expectBody().jsonPath("$.version").isEqualTo(3);
	}

	@Test
	void keepsTheHistoryOfADeletedNamespaceByIdAndByName() {
		UUID org = organization();
		String admin = user(org, Role.ADMIN);
		String name = uniqueName("doomed");
		String ns = namespace(admin, name);
		config(admin, ns, "k", "v", "string");
		delete(admin, "/api/v1/namespaces/" + ns, null).expectStatus().isNoContent();
		for (String reference : List.of(ns, name)) {
			get(admin, "/api/v1/namespaces/" + reference + "/configs/k/history").exchange()
				.expectStatus().isOk()
				.expectBody()
				.jsonPath("$.length()").isEqualTo(2)
				.jsonPath("$[0].change_type").isEqualTo("delete")
				.jsonPath("$[1].value").isEqualTo("v");
		}
		get(user(organization(), Role.ADMIN), "/api/v1/namespaces/" + ns + "/configs/k/history").exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void rollbackWritesAnEarlierValueAsANewVersion() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("undo"));
		String path = "/api/v1/namespaces/" + ns + "/configs/level";
		config(member, ns, "level", "info", "select", "validation_schema",
				Map.of("options", List.of("debug", "info", "warn")));
		put(member, path, etag(1), Map.of("value", "debug")).expectStatus().isOk();
		post(member, path + "/rollback", Map.of("version", 1)).expectStatus()
			.isOk()
			.expectHeader().valueEquals("ETag", "\"3\"")
			.expectBody()
			.jsonPath("$.value").isEqualTo("info")
			.jsonPath("$.version").isEqualTo(3);
		get(member, path + "/history").exchange()
			.expectBody()
			.jsonPath("$[0].change_type").isEqualTo("rollback")
			.jsonPath("$[0].version").isEqualTo(3)
			.jsonPath("$[0].value").isEqualTo("info");
		post(member, path + "/rollback", Map.of("version", 99)).expectStatus().isNotFound();
		this.http.post()
			.uri(path + "/rollback")
			.headers(headers -> {
				headers.setBearerAuth(member);
				headers.set("If-Match", etag(1));
			})
			.bodyValue(Map.of("version", 2))
			.exchange()
			.expectStatus().isEqualTo(412);
		// An old value that breaks today's rules is refused, and nothing changes.
		put(member, path, etag(3), Map.of("value", "warn", "validation_schema", Map.of("options", List.of("warn"))))
			.expectStatus().isOk();
		post(member, path + "/rollback", Map.of("version", 2)).expectStatus().isEqualTo(422);
		get(member, path).exchange().expectBody().jsonPath("$.version").isEqualTo(4);
	}

	@Test
	void diffsTwoVersionsOfAJsonConfig() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("diff"));
		String path = "/api/v1/namespaces/" + ns + "/configs/service";
		config(member, ns, "service", Map.of("host", "a", "port", 80, "tags", List.of("x")), "json");
		put(member, path, etag(1), Map.of("value", Map.of("host", "b", "tags", List.of("x", "y"), "tls", true)))
			.expectStatus().isOk();
		get(member, path + "/diff?from=1&to=2").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.from_version").isEqualTo(1)
			.jsonPath("$.to_version").isEqualTo(2)
			.jsonPath("$.changed['/host'].from").isEqualTo("a")
			.jsonPath("$.changed['/host'].to").isEqualTo("b")
			.jsonPath("$.removed['/port']").isEqualTo(80)
			.jsonPath("$.added['/tags/1']").isEqualTo("y")
			.jsonPath("$.added['/tls']").isEqualTo(true);
		get(member, path + "/diff?from=1").exchange().expectStatus().isOk().expectBody().jsonPath("$.to_version").isEqualTo(2);
		get(member, path + "/diff?from=1&to=9").exchange().expectStatus().isNotFound();
		config(member, ns, "plain", "text", "string");
		get(member, "/api/v1/namespaces/" + ns + "/configs/plain/diff?from=1&to=1").exchange()
			.expectStatus().isEqualTo(422);
	}

}

package dev.konfig.config.namespace;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;

import static org.assertj.core.api.Assertions.assertThat;

class NamespaceIntegrationTests extends ConfigIntegrationTest {

	@Test
	void createsReadsRenamesAndDeletesANamespace() {
		UUID org = organization();
		String admin = user(org, Role.ADMIN);
		String name = uniqueName("payments");
		post(admin, "/api/v1/namespaces", Map.of("name", name, "description", "Payment settings")).expectStatus()
			.isCreated()
			.expectHeader().exists("Location")
			.expectBody()
			.jsonPath("$.name").isEqualTo(name)
			.jsonPath("$.description").isEqualTo("Payment settings")
			.jsonPath("$.revision").isEqualTo(0);
		String renamed = uniqueName("billing");
		this.http.patch()
			.uri("/api/v1/namespaces/" + name)
			.headers(headers -> headers.setBearerAuth(admin))
			.bodyValue(Map.of("name", renamed))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.name").isEqualTo(renamed)
			.jsonPath("$.description").isEqualTo("Payment settings");
		get(admin, "/api/v1/namespaces/" + name).exchange().expectStatus().isNotFound();
		delete(admin, "/api/v1/namespaces/" + renamed, null).expectStatus().isNoContent();
		get(admin, "/api/v1/namespaces/" + renamed).exchange().expectStatus().isNotFound();
	}

	@Test
	void acceptsTheIdOrTheNameInEveryPath() {
		String member = user(organization(), Role.MEMBER);
		String name = uniqueName("either");
		String id = namespace(member, name);
		get(member, "/api/v1/namespaces/" + id).exchange().expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo(name);
		get(member, "/api/v1/namespaces/" + name).exchange().expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(id);
		get(member, "/api/v1/namespaces/" + name + "/configs").exchange().expectStatus().isOk();
		get(member, "/api/v1/namespaces/" + id + "/values").exchange().expectStatus().isOk();
	}

	@Test
	void hidesAnotherOrganizationsNamespaceByIdAndByName() {
		String owner = user(organization(), Role.OWNER);
		String name = uniqueName("private");
		String id = namespace(owner, name);
		String stranger = user(organization(), Role.OWNER);
		for (String reference : List.of(id, name)) {
			get(stranger, "/api/v1/namespaces/" + reference).exchange()
				.expectStatus().isNotFound()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			get(stranger, "/api/v1/namespaces/" + reference + "/configs").exchange().expectStatus().isNotFound();
			get(stranger, "/api/v1/namespaces/" + reference + "/values").exchange().expectStatus().isNotFound();
			post(stranger, "/api/v1/namespaces/" + reference + "/configs",
					Map.of("key", "k", "value", "v", "value_type", "string"))
				.expectStatus().isNotFound();
			delete(stranger, "/api/v1/namespaces/" + reference, null).expectStatus().isNotFound();
		}
		get(owner, "/api/v1/namespaces/" + id).exchange().expectStatus().isOk();
	}

	@Test
	void rejectsADuplicateNameInTheSameOrganizationOnly() {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String name = uniqueName("dup");
		namespace(member, name);
		post(member, "/api/v1/namespaces", Map.of("name", name)).expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("name");
		namespace(user(organization(), Role.MEMBER), name);
		String other = namespace(member, uniqueName("other"));
		this.http.patch()
			.uri("/api/v1/namespaces/" + other)
			.headers(headers -> headers.setBearerAuth(member))
			.bodyValue(Map.of("name", name))
			.exchange()
			.expectStatus().isEqualTo(409);
	}

	@Test
	void rejectsNamesOutsideTheRules() {
		String member = user(organization(), Role.MEMBER);
		for (String bad : List.of("", "has space", "dots.not.allowed", "x".repeat(256), "slash/no")) {
			post(member, "/api/v1/namespaces", Map.of("name", bad)).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].field").isEqualTo("name");
		}
		namespace(member, "A_b-" + "x".repeat(200) + UUID.randomUUID().toString().substring(0, 8));
	}

	@Test
	void leavesDeletionToAdmins() {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String name = uniqueName("keep");
		namespace(member, name);
		delete(member, "/api/v1/namespaces/" + name, null).expectStatus().isForbidden();
		delete(apiKey(org, "read", "write"), "/api/v1/namespaces/" + name, null).expectStatus().isForbidden();
		delete(user(org, Role.ADMIN), "/api/v1/namespaces/" + name, null).expectStatus().isNoContent();
	}

	@Test
	void letsAWriteKeyCreateButNotAReadKey() {
		UUID org = organization();
		post(apiKey(org, "read"), "/api/v1/namespaces", Map.of("name", uniqueName("nope"))).expectStatus().isForbidden();
		post(apiKey(org, "write"), "/api/v1/namespaces", Map.of("name", uniqueName("yes"))).expectStatus().isCreated();
		get(apiKey(org, "read"), "/api/v1/namespaces").exchange().expectStatus().isOk();
	}

	@Test
	void refusesCallersWithoutATokenButServesTheApiDocument() {
		this.http.get().uri("/api/v1/namespaces").exchange().expectStatus().isUnauthorized();
		this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.info.title").isEqualTo("config-service")
			.jsonPath("$.paths['/api/v1/namespaces/{ns}/values']").exists();
	}

	@Test
	@SuppressWarnings("unchecked")
	void listsTheOrganizationsNamespacesPageByPage() {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		namespace(member, "c-" + org);
		namespace(member, "a-" + org);
		namespace(member, "b-" + org);
		namespace(user(organization(), Role.MEMBER), "a-" + org + "-elsewhere");
		Map<String, Object> first = get(member, "/api/v1/namespaces?limit=2").exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(names(first)).containsExactly("a-" + org, "b-" + org);
		Map<String, Object> second = get(member, "/api/v1/namespaces?limit=2&cursor=" + first.get("next_cursor"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		assertThat(names(second)).containsExactly("c-" + org);
		assertThat(second.get("next_cursor")).isNull();
		get(member, "/api/v1/namespaces?limit=0").exchange().expectStatus().isBadRequest();
		get(member, "/api/v1/namespaces?cursor=!!").exchange().expectStatus().isBadRequest();
	}

	@SuppressWarnings("unchecked")
	private static List<String> names(Map<String, Object> page) {
		return ((List<Map<String, Object>>) page.get("items")).stream().map(item -> (String) item.get("name")).toList();
	}

}

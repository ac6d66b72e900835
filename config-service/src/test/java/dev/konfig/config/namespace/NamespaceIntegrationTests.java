package dev.konfig.config.namespace;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;

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
			.jsonPath("$.paths['/api/v1/namespaces/{ns}/values']").exists()
			// A config's value is any JSON value, not the JSON tree class's getters.
			.jsonPath("$.components.schemas.ConfigResponse.properties.value_type").exists()
			.jsonPath("$.components.schemas.ConfigResponse.properties.value.properties").doesNotExist()
			.jsonPath("$.components.schemas.JsonNode").doesNotExist();
	}

	@Test
	@SuppressWarnings("unchecked")
	void documentsAListAsAnArrayOfItsItemsWithALinkHeader() {
		Map<String, Object> document = this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		String list = "$.paths['/api/v1/namespaces'].get";
		String ok = list + ".responses['200']";
		this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectBody()
			.jsonPath(ok + ".content['application/json'].schema.type").isEqualTo("array")
			.jsonPath(ok + ".content['application/json'].schema.properties").doesNotExist()
			.jsonPath(ok + ".headers.Link.schema.type").isEqualTo("string")
			.jsonPath(ok + ".headers.Link.description").value(description -> assertThat((String) description)
				.contains("rel=\"next\""))
			.jsonPath(list + ".parameters[?(@.name == 'skip')].schema.maximum").isEqualTo(List.of(1000))
			.jsonPath(list + ".parameters[?(@.name == 'cursor')]").exists()
			.jsonPath(list + ".parameters[?(@.name == 'limit')].schema.maximum").isEqualTo(List.of(200));
		// The items are the namespace as the API writes it, a schema the document defines.
		Map<String, Object> items = (Map<String, Object>) json(document, "paths", "/api/v1/namespaces", "get",
				"responses", "200", "content", "application/json", "schema", "items");
		String reference = (String) items.get("$ref");
		assertThat(reference).startsWith("#/components/schemas/");
		Map<String, Object> item = (Map<String, Object>) json(document, "components", "schemas",
				reference.substring("#/components/schemas/".length()));
		assertThat((Map<String, Object>) item.get("properties")).containsKeys("id", "name");
		// Every list of the service is documented so, and its item schema is defined.
		Map<String, Object> schemas = (Map<String, Object>) json(document, "components", "schemas");
		List<String> lists = List.of("/api/v1/namespaces", "/api/v1/namespaces/{ns}/configs",
				"/api/v1/namespaces/{ns}/configs/{key}/history");
		for (String path : lists) {
			Map<String, Object> schema = (Map<String, Object>) json(document, "paths", path, "get", "responses", "200",
					"content", "application/json", "schema");
			assertThat(schema).as(path).containsEntry("type", "array");
			String ref = (String) ((Map<String, Object>) schema.get("items")).get("$ref");
			assertThat(schemas).as(path + " items " + ref).containsKey(ref.substring("#/components/schemas/".length()));
			json(document, "paths", path, "get", "responses", "200", "headers", "Link");
		}
	}

	@SuppressWarnings("unchecked")
	private static Object json(Map<String, Object> document, String... path) {
		Object node = document;
		for (String name : path) {
			assertThat(node).as(String.join(" > ", path)).isInstanceOf(Map.class);
			node = ((Map<String, Object>) node).get(name);
		}
		assertThat(node).as(String.join(" > ", path)).isNotNull();
		return node;
	}

	@Test
	void listsTheOrganizationsNamespacesPageByPage() {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		namespace(member, "c-" + org);
		namespace(member, "a-" + org);
		namespace(member, "b-" + org);
		namespace(user(organization(), Role.MEMBER), "a-" + org + "-elsewhere");
		EntityExchangeResult<List<Map<String, Object>>> first = get(member, "/api/v1/namespaces?limit=2").exchange()
			.expectStatus().isOk()
			.expectBody(PAGE).returnResult();
		assertThat(names(first)).containsExactly("a-" + org, "b-" + org);
		String cursor = Links.nextCursor(first.getResponseHeaders());
		assertThat(cursor).isNotNull();
		EntityExchangeResult<List<Map<String, Object>>> second = get(member,
				"/api/v1/namespaces?limit=2&cursor=" + cursor)
			.exchange()
			.expectStatus().isOk()
			.expectBody(PAGE).returnResult();
		assertThat(names(second)).containsExactly("c-" + org);
		assertThat(second.getResponseHeaders().get(HttpHeaders.LINK)).isNull();
		get(member, "/api/v1/namespaces?limit=0").exchange().expectStatus().isBadRequest();
		get(member, "/api/v1/namespaces?cursor=!!").exchange().expectStatus().isBadRequest();
	}

	private static List<String> names(EntityExchangeResult<List<Map<String, Object>>> page) {
		return page.getResponseBody().stream().map(item -> (String) item.get("name")).toList();
	}

	private static final ParameterizedTypeReference<List<Map<String, Object>>> PAGE = new ParameterizedTypeReference<>() {
	};

}

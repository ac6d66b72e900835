package dev.konfig.config.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigIntegrationTests extends ConfigIntegrationTest {

	@Test
	void createsConfigsOfEveryTypeAndReadsThemWithAnETag() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("types"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		config(member, ns, "app.name", "konfig", "string");
		config(member, ns, "pool.size", 20, "number");
		config(member, ns, "feature.on", true, "boolean");
		config(member, ns, "tier", "gold", "select", "validation_schema", Map.of("options", List.of("gold", "silver")));
		config(member, ns, "limits", Map.of("rps", 100, "burst", List.of(1, 2)), "json", "description", "Rate limits");
		get(member, base + "/pool.size").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody()
			.jsonPath("$.value").isEqualTo(20)
			.jsonPath("$.value_type").isEqualTo("number")
			.jsonPath("$.version").isEqualTo(1)
			.jsonPath("$.is_secret").isEqualTo(false);
		get(member, base + "/limits").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.value.rps").isEqualTo(100)
			.jsonPath("$.value.burst[1]").isEqualTo(2)
			.jsonPath("$.description").isEqualTo("Rate limits");
		get(member, base + "?limit=2").exchange()
			.expectStatus().isOk()
			.expectHeader().values(HttpHeaders.LINK, links -> assertThat(Links.nextCursor(links)).isNotEmpty())
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2)
			.jsonPath("$[0].key").isEqualTo("app.name");
	}

	@Test
	void rejectsAValueOfTheWrongTypeAndCreatesNothing() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("wrong"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		for (Object[] attempt : new Object[][] { { "n", "20", "number" }, { "b", "yes", "boolean" },
				{ "s", 5, "string" }, { "x", "gold", "select" } }) {
			post(member, base, Map.of("key", attempt[0], "value", attempt[1], "value_type", attempt[2]))
				.expectStatus().isEqualTo(422)
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
			get(member, base + "/" + attempt[0]).exchange().expectStatus().isNotFound();
		}
		post(member, base, Map.of("key", "n", "value", 1, "value_type", "float")).expectStatus().isBadRequest();
		post(member, base, Map.of("key", "bad key", "value", 1, "value_type", "number")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("key");
	}

	@Test
	void enforcesTheValidationSchemaOnEveryWrite() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("rules"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		assertRule(post(member, base, Map.of("key", "short", "value", "ab", "value_type", "string",
				"validation_schema", Map.of("min_length", 3))), "min_length");
		assertRule(post(member, base, Map.of("key", "long", "value", "abcdef", "value_type", "string",
				"validation_schema", Map.of("max_length", 3))), "max_length");
		assertRule(post(member, base, Map.of("key", "pat", "value", "abc", "value_type", "string",
				"validation_schema", Map.of("pattern", "[0-9]+"))), "pattern");
		assertRule(post(member, base, Map.of("key", "low", "value", 1, "value_type", "number",
				"validation_schema", Map.of("min_value", 5))), "min_value");
		assertRule(post(member, base, Map.of("key", "high", "value", 10.5, "value_type", "number",
				"validation_schema", Map.of("max_value", 10))), "max_value");
		assertRule(post(member, base, Map.of("key", "pick", "value", "bronze", "value_type", "select",
				"validation_schema", Map.of("options", List.of("gold", "silver")))), "options");
		Map<String, Object> jsonSchema = Map.of("type", "object", "required", List.of("host"), "properties",
				Map.of("host", Map.of("type", "string"), "port", Map.of("type", "integer", "maximum", 65535)));
		assertRule(post(member, base, Map.of("key", "db", "value", Map.of("port", 5432), "value_type", "json",
				"validation_schema", Map.of("json_schema", jsonSchema))), "json_schema");
		assertRule(post(member, base, Map.of("key", "badre", "value", "x", "value_type", "string",
				"validation_schema", Map.of("pattern", "(["))), "pattern");

		config(member, ns, "db", Map.of("host", "pg", "port", 5432), "json", "validation_schema",
				Map.of("json_schema", jsonSchema));
		assertRule(put(member, base + "/db", etag(1), Map.of("value", Map.of("host", "pg", "port", 70000))),
				"json_schema");
		config(member, ns, "port", 8080, "number", "validation_schema", Map.of("min_value", 1, "max_value", 65535));
		assertRule(put(member, base + "/port", etag(1), Map.of("value", 0)), "min_value");
		// A new schema must hold for the value already there.
		assertRule(put(member, base + "/port", etag(1), Map.of("validation_schema", Map.of("max_value", 100))),
				"max_value");
		get(member, base + "/port").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo(8080)
			.jsonPath("$.version").isEqualTo(1)
			.jsonPath("$.validation_schema.max_value").isEqualTo(65535);
		put(member, base + "/port", etag(1), Map.of("value", 443)).expectStatus().isOk();
	}

	@Test
	void checksIfMatchWhenSentAndBumpsTheVersion() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("etag"));
		String path = "/api/v1/namespaces/" + ns + "/configs/greeting";
		config(member, ns, "greeting", "hello", "string");
		put(member, path, etag(2), Map.of("value", "hi")).expectStatus().isEqualTo(412);
		put(member, path, etag(1), Map.of("value", "hi")).expectStatus()
			.isOk()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody()
			.jsonPath("$.version").isEqualTo(2)
			.jsonPath("$.value").isEqualTo("hi");
		this.http.patch()
			.uri(path)
			.headers(headers -> {
				headers.setBearerAuth(member);
				headers.set(HttpHeaders.IF_MATCH, "W/\"2\"");
			})
			.bodyValue(Map.of("description", "Says hello"))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.version").isEqualTo(3)
			.jsonPath("$.value").isEqualTo("hi");
		delete(member, path, etag(2)).expectStatus().isEqualTo(412);
		get(member, path).exchange().expectStatus().isOk();
		delete(member, path, etag(3)).expectStatus().isNoContent();
		get(member, path).exchange().expectStatus().isNotFound();
	}

	@Test
	void writesWithoutIfMatchApplyToTheCurrentVersion() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("konfig"));
		String path = "/api/v1/namespaces/" + ns + "/configs/greeting";
		config(member, ns, "greeting", "hello", "string");
		for (int version = 2; version <= 4; version++) {
			put(member, path, null, Map.of("value", "hello " + version)).expectStatus()
				.isOk()
				.expectHeader().valueEquals(HttpHeaders.ETAG, "\"" + version + "\"")
				.expectBody()
				.jsonPath("$.version").isEqualTo(version)
				.jsonPath("$.value").isEqualTo("hello " + version);
		}
		delete(member, path, null).expectStatus().isNoContent();
		get(member, path).exchange().expectStatus().isNotFound();
	}

	@Test
	void aNamespaceThatRequiresIfMatchRefusesWritesWithoutIt() {
		String member = user(organization(), Role.MEMBER);
		String ns = post(member, "/api/v1/namespaces", Map.of("name", uniqueName("strict"), "require_if_match", true))
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
		String path = "/api/v1/namespaces/" + ns + "/configs/greeting";
		config(member, ns, "greeting", "hello", "string");
		put(member, path, null, Map.of("value", "hi")).expectStatus()
			.isEqualTo(428)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		delete(member, path, null).expectStatus().isEqualTo(428);
		get(member, path).exchange().expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(1);
		put(member, path, etag(1), Map.of("value", "hi")).expectStatus().isOk();
		// Turning strictness off restores konfig's unconditional writes.
		this.http.patch()
			.uri("/api/v1/namespaces/" + ns)
			.headers(headers -> headers.setBearerAuth(member))
			.bodyValue(Map.of("require_if_match", false))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.require_if_match").isEqualTo(false);
		put(member, path, null, Map.of("value", "hey")).expectStatus().isOk().expectBody().jsonPath("$.version")
			.isEqualTo(3);
	}

	@Test
	void answersNotModifiedToAMatchingIfNoneMatch() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("cache"));
		String path = "/api/v1/namespaces/" + ns + "/configs/ttl";
		config(member, ns, "ttl", 30, "number");
		get(member, path).header(HttpHeaders.IF_NONE_MATCH, etag(1))
			.exchange()
			.expectStatus().isNotModified()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody().isEmpty();
		put(member, path, etag(1), Map.of("value", 60)).expectStatus().isOk();
		get(member, path).header(HttpHeaders.IF_NONE_MATCH, etag(1))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo(60);
	}

	@Test
	void rejectsADuplicateKey() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("dupkey"));
		config(member, ns, "k", "v", "string");
		post(member, "/api/v1/namespaces/" + ns + "/configs", Map.of("key", "k", "value", "w", "value_type", "string"))
			.expectStatus().isEqualTo(409)
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("key");
	}

	@Test
	void concurrentWritersWithIfMatchLoseNoUpdate() throws Exception {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("race"));
		String path = "/api/v1/namespaces/" + ns + "/configs/counter";
		config(member, ns, "counter", 0, "number");
		int writers = 8;
		int incrementsEach = 5;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		try {
			List<Callable<Integer>> tasks = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				tasks.add(() -> increment(member, path, incrementsEach));
			}
			int conflicts = 0;
			for (Future<Integer> result : pool.invokeAll(tasks, 5, TimeUnit.MINUTES)) {
				conflicts += result.get();
			}
			assertThat(conflicts).as("some writers must have raced").isPositive();
		}
		finally {
			pool.shutdownNow();
		}
		int total = writers * incrementsEach;
		get(member, path).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo(total)
			.jsonPath("$.version").isEqualTo(total + 1);
		get(member, path + "/history?limit=200").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(total + 1);
	}

	/** Read, add one, write with If-Match; on 412 read again. Returns how many writes were stale. */
	@SuppressWarnings("unchecked")
	private int increment(String token, String path, int times) {
		int stale = 0;
		int done = 0;
		while (done < times) {
			EntityExchangeResult<Map> read = get(token, path).exchange().expectStatus().isOk().expectBody(Map.class)
				.returnResult();
			int value = ((Number) read.getResponseBody().get("value")).intValue();
			String tag = read.getResponseHeaders().getETag();
			int status = put(token, path, tag, Map.of("value", value + 1)).returnResult(Void.class)
				.getStatus()
				.value();
			if (status == 200) {
				done++;
			}
			else if (status == 412) {
				stale++;
			}
			else {
				throw new AssertionError("Unexpected status " + status);
			}
		}
		return stale;
	}

	@Test
	void aReadKeyCannotWriteButAWriteKeyCan() {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String ns = namespace(member, uniqueName("keys"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		config(member, ns, "existing", "v", "string");
		String reader = apiKey(org, "read");
		get(reader, base + "/existing").exchange().expectStatus().isOk();
		post(reader, base, Map.of("key", "new", "value", "v", "value_type", "string")).expectStatus()
			.isForbidden()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		put(reader, base + "/existing", etag(1), Map.of("value", "w")).expectStatus().isForbidden();
		delete(reader, base + "/existing", etag(1)).expectStatus().isForbidden();
		post(reader, base + "/existing/rollback", Map.of("version", 1)).expectStatus().isForbidden();
		get(member, base + "/existing").exchange().expectBody().jsonPath("$.version").isEqualTo(1);

		String writer = apiKey(org, "write");
		post(writer, base, Map.of("key", "new", "value", "v", "value_type", "string")).expectStatus().isCreated();
		put(writer, base + "/existing", etag(1), Map.of("value", "w")).expectStatus().isOk();
	}

	private static void assertRule(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response,
			String rule) {
		response.expectStatus()
			.isEqualTo(422)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("'" + rule + "'"))
			.jsonPath("$.errors[0].message").value(message -> assertThat((String) message).startsWith(rule + ":"));
	}

}

package dev.konfig.config.entry;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A create sent again with the same {@code Idempotency-Key} (the answer was lost, or the gateway
 * repeated it on another replica) creates nothing more and answers what the first did.
 */
class IdempotentCreateIntegrationTests extends ConfigIntegrationTest {

	@Autowired
	private DatabaseClient db;

	@Test
	void aRepeatedKeyedCreateAnswersTheSameConfigAndRecordsOneVersion() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("keyed"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		Map<String, Object> body = Map.of("key", "pool.size", "value", 20, "value_type", "number");

		Object first = createdId(keyed(member, base, "create-pool-size", body));
		Object again = createdId(keyed(member, base, "create-pool-size", body));

		assertThat(again).isEqualTo(first);
		get(member, base + "/pool.size/history").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.length()").isEqualTo(1);
		// Without the key the same body is a new request, and the key is taken: 409.
		post(member, base, body).expectStatus().isEqualTo(409);
	}

	@Test
	void theSameKeyWithAnotherBodyIsRefusedAndAMalformedKeyIsA400() {
		String member = user(organization(), Role.MEMBER);
		String ns = namespace(member, uniqueName("keyed"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		keyed(member, base, "k-1", Map.of("key", "a", "value", "x", "value_type", "string")).expectStatus().isCreated();

		keyed(member, base, "k-1", Map.of("key", "b", "value", "x", "value_type", "string")).expectStatus()
			.isEqualTo(422)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
		keyed(member, base, "with space", Map.of("key", "c", "value", "x", "value_type", "string")).expectStatus()
			.isBadRequest();
		get(member, base + "/b").exchange().expectStatus().isNotFound();
		get(member, base + "/c").exchange().expectStatus().isNotFound();
	}

	@Test
	void aSecretsValueIsNotPartOfTheKeysRequestAndIsNeverStoredWithIt() {
		String admin = user(organization(), Role.ADMIN);
		String ns = namespace(admin, uniqueName("keyed"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		keyed(admin, base, "secret-1", Map.of("key", "db.password", "value", "hunter2-secret", "value_type", "string",
				"is_secret", true)).expectStatus().isCreated();

		Long leaks = this.db
			.sql("SELECT count(*) AS n FROM idempotency_keys WHERE key = 'secret-1' AND (body LIKE '%hunter2%' "
					+ "OR request_hash IS NULL)")
			.map(row -> row.get("n", Long.class))
			.one()
			.block();
		assertThat(leaks).isZero();
	}

	@Test
	void keysAreTheOrganizationsOwn() {
		String one = user(organization(), Role.MEMBER);
		String other = user(organization(), Role.MEMBER);
		String nsOne = namespace(one, uniqueName("keyed"));
		String nsOther = namespace(other, uniqueName("keyed"));
		Map<String, Object> body = Map.of("key", "same", "value", "x", "value_type", "string");

		keyed(one, "/api/v1/namespaces/" + nsOne + "/configs", "shared-key", body).expectStatus().isCreated();
		keyed(other, "/api/v1/namespaces/" + nsOther + "/configs", "shared-key", body).expectStatus().isCreated();
		get(other, "/api/v1/namespaces/" + nsOther + "/configs/same").exchange().expectStatus().isOk();
	}

	private static Object createdId(WebTestClient.ResponseSpec created) {
		return created.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
	}

	private WebTestClient.ResponseSpec keyed(String token, String path, String key, Object body) {
		return this.http.post()
			.uri(path)
			.headers(headers -> {
				headers.setBearerAuth(token);
				headers.set("Idempotency-Key", key);
			})
			.bodyValue(body)
			.exchange();
	}

}

package dev.konfig.config.secret;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class SecretIntegrationTests extends ConfigIntegrationTest {

	@Test
	void storesNoSecretAsPlainTextInTheDatabase() throws Exception {
		String admin = user(organization(), Role.ADMIN);
		String ns = namespace(admin, uniqueName("vault"));
		String plain = "s3cr3t-" + UUID.randomUUID();
		config(admin, ns, "db.password", plain, "string", "is_secret", true);
		put(admin, "/api/v1/namespaces/" + ns + "/configs/db.password", etag(1), Map.of("value", plain + "-2"))
			.expectStatus().isOk();
		List<String> stored = new ArrayList<>();
		List<String> keyIds = new ArrayList<>();
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement configs = connection.prepareStatement(
						"SELECT value, secret_key_id FROM config.configs WHERE namespace_id = ?::uuid");
				PreparedStatement history = connection.prepareStatement(
						"SELECT value, secret_key_id FROM config.config_history WHERE namespace_id = ?::uuid")) {
			for (PreparedStatement statement : List.of(configs, history)) {
				statement.setString(1, ns);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						stored.add(rows.getString(1));
						keyIds.add(rows.getString(2));
					}
				}
			}
		}
		assertThat(stored).hasSize(3).allSatisfy(value -> assertThat(value).doesNotContain("s3cr3t"));
		assertThat(keyIds).containsOnly("test-2");
		get(admin, "/api/v1/namespaces/" + ns + "/configs/db.password").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo(plain + "-2");
	}

	@Test
	void masksSecretsInListsHistoryAndForMembers() {
		UUID org = organization();
		String admin = user(org, Role.ADMIN);
		String member = user(org, Role.MEMBER);
		String ns = namespace(admin, uniqueName("masked"));
		String path = "/api/v1/namespaces/" + ns + "/configs/token";
		config(admin, ns, "token", "abc123", "string", "is_secret", true);
		get(member, path).exchange().expectStatus().isOk().expectBody().jsonPath("$.value").isEqualTo("********");
		get(admin, "/api/v1/namespaces/" + ns + "/configs").exchange()
			.expectBody()
			.jsonPath("$[0].value").isEqualTo("********")
			.jsonPath("$[0].is_secret").isEqualTo(true);
		get(admin, path + "/history").exchange().expectBody().jsonPath("$[0].value").isEqualTo("********");
		get(apiKey(org, "read"), path).exchange().expectBody().jsonPath("$.value").isEqualTo("********");
		get(apiKey(org, "read"), "/api/v1/namespaces/" + ns + "/values").exchange()
			.expectBody()
			.jsonPath("$.token").isEqualTo("********");
	}

	@Test
	void revealsSecretsToAdminsAndToKeysWithSecretsRead() {
		UUID org = organization();
		String owner = user(org, Role.OWNER);
		String ns = namespace(owner, uniqueName("reveal"));
		config(owner, ns, "api.key", "k-42", "string", "is_secret", true);
		get(owner, "/api/v1/namespaces/" + ns + "/configs/api.key").exchange()
			.expectBody()
			.jsonPath("$.value").isEqualTo("k-42");
		get(apiKey(org, "read", "secrets:read"), "/api/v1/namespaces/" + ns + "/values").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$['api.key']").isEqualTo("k-42");
	}

	@Test
	void keepsASecretEncryptedWhenTurningAPlainConfigSecret() {
		String admin = user(organization(), Role.ADMIN);
		String ns = namespace(admin, uniqueName("flip"));
		String path = "/api/v1/namespaces/" + ns + "/configs/pw";
		config(admin, ns, "pw", "visible", "string");
		put(admin, path, etag(1), Map.of("is_secret", true)).expectStatus().isOk();
		post(admin, path + "/rollback", Map.of("version", 1)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo("visible")
			.jsonPath("$.is_secret").isEqualTo(true);
		get(admin, "/api/v1/namespaces/" + ns + "/configs").exchange()
			.expectBody()
			.jsonPath("$[0].value").isEqualTo("********");
	}

	@Test
	void refusesToTurnASecretPlainForCallersWhoMayNotRevealIt() {
		UUID org = organization();
		String admin = user(org, Role.ADMIN);
		String ns = namespace(admin, uniqueName("unsecret"));
		String path = "/api/v1/namespaces/" + ns + "/configs/db.password";
		config(admin, ns, "db.password", "hunter2-secret", "string", "is_secret", true);
		for (String caller : List.of(user(org, Role.MEMBER), apiKey(org, "read", "write"))) {
			for (Map<String, Object> body : List.of(Map.<String, Object>of("is_secret", false),
					Map.<String, Object>of("is_secret", false, "value", "mine"))) {
				patch(caller, path, body).expectStatus()
					.isForbidden()
					.expectBody(String.class)
					.value(answer -> assertThat(answer).doesNotContain("hunter2"));
			}
		}
		get(admin, path).exchange()
			.expectBody()
			.jsonPath("$.value").isEqualTo("hunter2-secret")
			.jsonPath("$.is_secret").isEqualTo(true)
			.jsonPath("$.version").isEqualTo(1);
	}

	@Test
	void answersARulesChangeOnASecretAlikeWhateverItsValue() {
		UUID org = organization();
		String admin = user(org, Role.ADMIN);
		String ns = namespace(admin, uniqueName("oracle"));
		String path = "/api/v1/namespaces/" + ns + "/configs/token";
		config(admin, ns, "token", "abc123", "string", "is_secret", true);
		for (String caller : List.of(user(org, Role.MEMBER), apiKey(org, "read", "write"))) {
			// A right guess and a wrong one must not be told apart.
			for (String guess : List.of("^a.*$", "^z.*$")) {
				patch(caller, path, Map.of("validation_schema", Map.of("pattern", guess))).expectStatus()
					.isForbidden();
			}
			patch(caller, path, Map.of("value_type", "number")).expectStatus().isForbidden();
		}
		get(admin, path).exchange().expectBody().jsonPath("$.version").isEqualTo(1);
		// Rules that come with a new value check only what the caller sent.
		patch(user(org, Role.MEMBER), path, Map.of("value", "zz-new", "validation_schema", Map.of("pattern", "^z.*$")))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo("********");
		// An admin may still change the rules alone, and see the answer.
		patch(admin, path, Map.of("validation_schema", Map.of("pattern", "^a.*$"))).expectStatus()
			.isEqualTo(422);
		patch(admin, path, Map.of("is_secret", false)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo("zz-new");
	}

	@Test
	void refusesToRestoreASecretVersionForCallersWhoMayNotRevealIt() {
		UUID org = organization();
		String admin = user(org, Role.ADMIN);
		String member = user(org, Role.MEMBER);
		String ns = namespace(admin, uniqueName("restore"));
		String path = "/api/v1/namespaces/" + ns + "/configs/pin";
		config(admin, ns, "pin", "4711", "string", "is_secret", true);
		// The member sets rules of their own with a value they know, then tries the old secret against them.
		patch(member, path, Map.of("value", "9999", "validation_schema", Map.of("pattern", "^4.*$")))
			.expectStatus()
			.isEqualTo(422);
		patch(member, path, Map.of("value", "4000", "validation_schema", Map.of("pattern", "^4.*$")))
			.expectStatus()
			.isOk();
		post(member, path + "/rollback", Map.of("version", 1)).expectStatus().isForbidden();
		post(apiKey(org, "read", "write"), path + "/rollback", Map.of("version", 1)).expectStatus().isForbidden();
		get(member, path + "/diff?from=1&to=2").exchange().expectStatus().isForbidden();
		get(member, path + "/history").exchange()
			.expectBody(String.class)
			.value(answer -> assertThat(answer).doesNotContain("4711").doesNotContain("4000"));
		post(admin, path + "/rollback", Map.of("version", 1)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.value").isEqualTo("4711");
	}

	private WebTestClient.ResponseSpec patch(String token, String path, Object body) {
		return this.http.patch().uri(path).headers(headers -> headers.setBearerAuth(token)).bodyValue(body).exchange();
	}

}

package dev.konfig.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyIntegrationTests extends AuthIntegrationTest {

	@Test
	void createsListsGetsAndRevokesKeys() {
		String token = (String) registerOwner().get("access_token");

		Map<String, Object> created = createKey(token, "read,write");
		String key = (String) created.get("key");
		assertThat(key).startsWith("konfig_").hasSize(7 + 43);
		assertThat(created.get("prefix")).isEqualTo(key.substring(0, 12));
		// konfig's clients read the new key as api_key.
		assertThat(created.get("api_key")).isEqualTo(key);
		assertThat(created).containsEntry("scopes", "read,write").containsKeys("id", "created_at");
		String path = "/api/v1/api-keys/" + created.get("id");

		call(token, "GET", "/api/v1/api-keys", null).expectStatus()
			.isOk()
			.expectHeader().doesNotExist(HttpHeaders.LINK)
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].id").isEqualTo(created.get("id"))
			.jsonPath("$[0].key").doesNotExist()
			.jsonPath("$[0].api_key").doesNotExist();
		call(token, "GET", path, null).expectStatus().isOk().expectBody().jsonPath("$.revoked_at").doesNotExist();
		call(token, "DELETE", path, null).expectStatus().isNoContent();
		call(token, "GET", path, null).expectStatus().isOk().expectBody().jsonPath("$.revoked_at").exists();
		call((String) registerOwner().get("access_token"), "GET", path, null).expectStatus().isNotFound();
	}

	@Test
	void storesOnlyTheHash() throws SQLException {
		String token = (String) registerOwner().get("access_token");
		Map<String, Object> created = createKey(token, "read");
		String key = (String) created.get("key");

		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement query = connection.prepareStatement("select * from auth.api_keys where id = ?")) {
			query.setObject(1, UUID.fromString((String) created.get("id")));
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				int columns = row.getMetaData().getColumnCount();
				for (int column = 1; column <= columns; column++) {
					assertThat(String.valueOf(row.getObject(column))).doesNotContain(key);
				}
				assertThat(row.getString("key_hash")).hasSize(64);
			}
		}
	}

	@Test
	void exchangesValidKeysAndRefusesRevokedOrExpiredOnes() throws SQLException {
		String token = (String) registerOwner().get("access_token");
		Map<String, Object> created = createKey(token, "read,write");
		String key = (String) created.get("key");

		String keyToken = exchange(key).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("access_token")
			.toString();
		call(keyToken, "GET", "/api/v1/auth/memberships", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].role").isEqualTo("member");
		call(keyToken, "GET", "/api/v1/api-keys", null).expectStatus().isForbidden();
		call(token, "GET", "/api/v1/api-keys/" + created.get("id"), null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.last_used_at").exists();

		call(token, "DELETE", "/api/v1/api-keys/" + created.get("id"), null).expectStatus().isNoContent();
		exchange(key).expectStatus().isUnauthorized().expectHeader().contentType("application/problem+json");

		Map<String, Object> expiring = createKey(token, "read");
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement expire = connection
					.prepareStatement("update auth.api_keys set expires_at = now() - interval '1 second' where id = ?")) {
			expire.setObject(1, UUID.fromString((String) expiring.get("id")));
			expire.executeUpdate();
		}
		exchange((String) expiring.get("key")).expectStatus().isUnauthorized();
		exchange("konfig_unknown").expectStatus().isUnauthorized();
	}

	@Test
	void readKeysCannotWrite() {
		String token = (String) registerOwner().get("access_token");
		String key = (String) createKey(token, "read").get("key");
		String keyToken = exchange(key).expectBody(JSON).returnResult().getResponseBody().get("access_token").toString();

		call(keyToken, "GET", "/api/v1/users", null).expectStatus().isOk();
		call(keyToken, "POST", "/api/v1/users",
				Map.of("email", uniqueEmail(), "password", PASSWORD, "full_name", "X", "role", "member"))
			.expectStatus()
			.isForbidden();
	}

	@Test
	void refusesUnknownScopesAndMembers() {
		Map<String, Object> owner = registerOwner();
		String token = (String) owner.get("access_token");
		call(token, "POST", "/api/v1/api-keys", Map.of("name", "bad", "scopes", "read,admin")).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("application/problem+json");
		call(token, "POST", "/api/v1/api-keys",
				Map.of("name", "past", "scopes", "read", "expires_at", Instant.now().minusSeconds(60).toString()))
			.expectStatus()
			.isBadRequest();
		String memberEmail = uniqueEmail();
		createUser(token, memberEmail, "member");
		call(accessTokenOf(memberEmail), "POST", "/api/v1/api-keys", Map.of("name", "mine", "scopes", "read"))
			.expectStatus()
			.isForbidden();
	}

}

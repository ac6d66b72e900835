package dev.konfig.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.bcrypt.BCrypt;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users and API keys imported from konfig: konfig's hashes keep working and are replaced with
 * the suite's at first use; imports are idempotent, internal only, and a dry run writes nothing.
 */
class LegacyImportIntegrationTests extends AuthIntegrationTest {

	@Test
	void anImportedUserSignsInWithTheKonfigPasswordOnceUpgradedToArgon2() {
		UUID organization = UUID.fromString((String) registerOwner().get("tenant_id"));
		UUID id = UUID.randomUUID();
		String email = uniqueEmail();
		String service = importerToken();

		call(service, "POST", "/internal/import/users", user(id, email, "legacy secret", organization, "admin"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("imported");
		assertThat(passwordHash(id)).startsWith("{konfig-bcrypt-sha256}$2b$");

		login(email, "not the password").expectStatus().isUnauthorized();
		login(email, "legacy secret").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user.id")
			.isEqualTo(id.toString())
			.jsonPath("$.user.role")
			.isEqualTo("admin");
		assertThat(passwordHash(id)).startsWith("$argon2id$");
		login(email, "legacy secret").expectStatus().isOk();

		// A second run finds the user and changes nothing (the upgraded hash stays).
		call(service, "POST", "/internal/import/users", user(id, email, "legacy secret", organization, "admin"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("already_there");
		assertThat(passwordHash(id)).startsWith("$argon2id$");
		assertThat(TestDatabase.get().number("SELECT count(*) FROM auth.outbox WHERE event_type = 'user.imported' "
				+ "AND payload ->> 'entity_id' = ?", id.toString())).isEqualTo(1);
	}

	@Test
	void aDryRunAnswersWhatWouldHappenAndWritesNothing() {
		UUID organization = UUID.fromString((String) registerOwner().get("tenant_id"));
		UUID id = UUID.randomUUID();

		call(importerToken(), "POST", "/internal/import/users?dry_run=true",
				user(id, uniqueEmail(), "pw", organization, "member"))
			.expectStatus()
			.isCreated();

		assertThat(TestDatabase.get().number("SELECT count(*) FROM auth.users WHERE id = ?", id)).isZero();
		assertThat(TestDatabase.get().number("SELECT count(*) FROM auth.memberships WHERE user_id = ?", id)).isZero();
	}

	@Test
	void refusesAnEmailOfAnotherUserAndCallersWithoutTheInternalScope() {
		Map<String, Object> owner = registerOwner();
		UUID organization = UUID.fromString((String) owner.get("tenant_id"));
		String takenEmail = (String) user(owner).get("email");

		call(importerToken(), "POST", "/internal/import/users",
				user(UUID.randomUUID(), takenEmail, "pw", organization, "member"))
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType("application/problem+json");
		call((String) owner.get("access_token"), "POST", "/internal/import/users",
				user(UUID.randomUUID(), uniqueEmail(), "pw", organization, "owner"))
			.expectStatus()
			.isForbidden();
		// Another service's client is not the importer.
		call(serviceToken(), "POST", "/internal/import/users",
				user(UUID.randomUUID(), uniqueEmail(), "pw", organization, "owner"))
			.expectStatus()
			.isForbidden();
		call(importerToken(), "POST", "/internal/import/users",
				Map.of("id", UUID.randomUUID(), "email", uniqueEmail(), "password_hash", "plain text",
						"memberships", List.of(), "source", "konfig"))
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void anImportedKeyIsFoundByPrefixVerifiedWithBcryptAndRehashed() {
		UUID organization = UUID.fromString((String) registerOwner().get("tenant_id"));
		String key = "konfig_" + UUID.randomUUID().toString().replace("-", "");
		UUID id = UUID.randomUUID();
		Map<String, Object> body = Map.of("id", id, "organization_id", organization, "name", "legacy ci", "prefix",
				key.substring(0, 12), "key_hash", konfigHash(key), "scopes", "read,secrets:read", "is_active", true,
				"source", "konfig");

		call(importerToken(), "POST", "/internal/import/api-keys", body).expectStatus().isCreated();
		call(importerToken(), "POST", "/internal/import/api-keys", body).expectStatus().isOk();

		exchange(key.substring(0, 12) + "x".repeat(20)).expectStatus().isUnauthorized();
		exchange(key).expectStatus().isOk().expectBody().jsonPath("$.access_token").isNotEmpty();
		assertThat(keyHash(id)).doesNotStartWith("{konfig").hasSize(64);
		exchange(key).expectStatus().isOk();
	}

	@Test
	void aKeyKonfigSwitchedOffIsImportedRevoked() {
		UUID organization = UUID.fromString((String) registerOwner().get("tenant_id"));
		String key = "konfig_" + UUID.randomUUID().toString().replace("-", "");

		call(importerToken(), "POST", "/internal/import/api-keys",
				Map.of("id", UUID.randomUUID(), "organization_id", organization, "name", "off", "prefix",
						key.substring(0, 12), "key_hash", konfigHash(key), "scopes", "read", "is_active", false,
						"source", "konfig"))
			.expectStatus()
			.isCreated();

		exchange(key).expectStatus().isUnauthorized();
	}

	@Test
	void aUserOfThePrintBackOfficeSignsInWithItsPlainBcryptPasswordOnceUpgradedToArgon2() {
		UUID organization = UUID.fromString((String) registerOwner().get("tenant_id"));
		UUID id = UUID.randomUUID();
		String email = uniqueEmail();
		Map<String, Object> body = Map.of("id", id, "email", email, "password_hash",
				BCrypt.hashpw("print shop password", BCrypt.gensalt("$2b", 4)), "memberships",
				List.of(Map.of("organization_id", organization, "role", "owner", "is_active", true)), "source",
				"printshop");

		call(importerToken(), "POST", "/internal/import/users", body).expectStatus().isCreated();
		assertThat(passwordHash(id)).startsWith("{bcrypt}$2b$");

		// konfig's pre-hash is not applied to this scheme: only the password itself matches.
		login(email, dev.konfig.auth.user.Passwords.konfigPrehash("print shop password")).expectStatus()
			.isUnauthorized();
		login(email, "print shop password").expectStatus().isOk().expectBody().jsonPath("$.user.role").isEqualTo("owner");
		assertThat(passwordHash(id)).startsWith("$argon2id$");
		login(email, "print shop password").expectStatus().isOk();
	}

	private static Map<String, Object> user(UUID id, String email, String password, UUID organization, String role) {
		return Map.of("id", id, "email", email, "password_hash", konfigHash(password), "full_name", "Legacy Person",
				"memberships", List.of(Map.of("organization_id", organization, "role", role, "is_active", true)),
				"source", "konfig");
	}

	/** konfig's scheme: bcrypt over base64(SHA-256(secret)), passlib's $2b$. */
	private static String konfigHash(String secret) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return BCrypt.hashpw(Base64.getEncoder().encodeToString(digest), BCrypt.gensalt("$2b", 4));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String passwordHash(UUID id) {
		return text("SELECT password_hash FROM auth.users WHERE id = ?", id);
	}

	private static String keyHash(UUID id) {
		return text("SELECT key_hash FROM auth.api_keys WHERE id = ?", id);
	}

	private static String text(String sql, UUID id) {
		try (var connection = TestDatabase.get().connect(); var statement = connection.prepareStatement(sql)) {
			statement.setObject(1, id);
			try (var rows = statement.executeQuery()) {
				rows.next();
				return rows.getString(1);
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

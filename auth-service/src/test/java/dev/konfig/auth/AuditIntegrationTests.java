package dev.konfig.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.konfig.platform.outbox.OutboxRelay;
import dev.konfig.platform.security.KonfigSecurityProperties;
import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change auth-service makes leaves exactly one event in its outbox, in the change's
 * transaction; a refused change leaves none. Rows are read by entity (or by a unique email)
 * so the data of other tests never interferes.
 */
class AuditIntegrationTests extends AuthIntegrationTest {


	private static final String MASKED = "********";

	private static final String NO_ORGANIZATION = "00000000-0000-0000-0000-000000000000";

	@Autowired
	KonfigSecurityProperties security;

	@Autowired
	OutboxRelay relay;

	@Value("${local.server.port}")
	int port;

	/**
	 * The relay calls audit-service as auth-service, with a client-credentials token this very
	 * service issues: its configured credentials must be among the clients it accepts.
	 */
	@Test
	void theRelaysOwnCredentialsGetAServiceToken() {
		KonfigSecurityProperties.Client client = this.security.client();
		assertThat(client.id()).isEqualTo("auth-service");
		assertThat(this.relay.isRunning()).isTrue();

		String token = new ServiceCredentials(new KonfigSecurityProperties.Client(client.id(), client.secret(),
				"http://127.0.0.1:" + this.port + "/oauth2/token"))
			.token()
			.block(java.time.Duration.ofSeconds(30));

		call(token, "GET", "/api/v1/auth/me", null).expectStatus().isForbidden();
		String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
				java.nio.charset.StandardCharsets.UTF_8);
		assertThat(payload).contains("\"sub\":\"auth-service\"").contains("internal");
	}

	@AfterEach
	void resetStub() {
		tenant.beforeCreate = body -> {
		};
	}

	@Test
	void registrationRecordsOneEventWithTheClientsOrigin() throws SQLException {
		String email = uniqueEmail();
		String organization = uniqueName("Audited");
		String requestId = "req-" + UUID.randomUUID();

		Map<String, Object> registered = this.http.post()
			.uri("/api/v1/auth/register")
			.header("X-Forwarded-For", "203.0.113.9, 10.1.1.1")
			.header("User-Agent", "audit-test/1.0")
			.header("X-Request-Id", requestId)
			.bodyValue(Map.of("tenant_name", organization, "email", email, "password", PASSWORD, "full_name",
					"Owner Person"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		String userId = (String) user(registered).get("id");
		Map<String, Object> event = single(eventsOf(userId, "auth.registered"));
		assertThat(event).containsEntry("organization_id", registered.get("tenant_id"))
			.containsEntry("entity_type", "user")
			.containsEntry("entity_id", userId)
			.containsEntry("outcome", "success")
			.containsEntry("ip_address", "203.0.113.9")
			.containsEntry("user_agent", "audit-test/1.0")
			.containsEntry("request_id", requestId)
			.containsEntry("actor", Map.of("id", userId, "type", "user"))
			.containsKeys("id", "occurred_at");
		assertThat(data(event)).containsEntry("email", email)
			.containsEntry("organization_name", organization)
			.containsEntry("role", "owner")
			.containsEntry("password", MASKED);
		assertThat(rawPayloadsOf(userId)).noneMatch(payload -> payload.contains(PASSWORD));
	}

	@Test
	void failedRegistrationsRecordNothing() throws SQLException {
		String takenName = uniqueName("Taken");
		register(uniqueEmail(), takenName);
		String refusedEmail = uniqueEmail();
		this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", takenName, "email", refusedEmail, "password", PASSWORD, "full_name",
					"Late Comer"))
			.exchange()
			.expectStatus()
			.isEqualTo(409);

		// The local insert fails after tenant-service created the organization: all rolls back.
		String racedEmail = uniqueEmail();
		tenant.beforeCreate = body -> RegistrationIntegrationTests.insertUserDirectly(racedEmail);
		this.http.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", uniqueName("Raced"), "email", racedEmail, "password", PASSWORD,
					"full_name", "Unlucky"))
			.exchange()
			.expectStatus()
			.isEqualTo(409);

		assertThat(eventsWithEmail(refusedEmail)).isEmpty();
		assertThat(eventsWithEmail(racedEmail)).isEmpty();
	}

	@Test
	void recordsSuccessfulAndFailedLogins() throws SQLException {
		String email = uniqueEmail();
		Map<String, Object> registered = register(email, uniqueName("Logins"));
		String userId = (String) user(registered).get("id");

		login(email, PASSWORD).expectStatus().isOk();
		login(email, "wrong password!").expectStatus().isUnauthorized();
		String unknown = uniqueEmail();
		login(unknown, "wrong password!").expectStatus().isUnauthorized();

		Map<String, Object> succeeded = single(eventsOf(userId, "auth.login_succeeded"));
		assertThat(succeeded).containsEntry("organization_id", registered.get("tenant_id"))
			.containsEntry("entity_type", "user")
			.containsEntry("outcome", "success")
			.containsEntry("actor", Map.of("id", userId, "type", "user"));
		assertThat((String) succeeded.get("ip_address")).startsWith("10.");
		assertThat(data(succeeded)).containsEntry("email", email).containsEntry("role", "owner");

		Map<String, Object> wrongPassword = single(eventsOf(userId, "auth.login_failed"));
		assertThat(wrongPassword).containsEntry("organization_id", registered.get("tenant_id"))
			.containsEntry("entity_type", "user")
			.containsEntry("outcome", "failure")
			.containsEntry("actor", null);
		assertThat(data(wrongPassword)).containsEntry("email", email).containsEntry("reason", "wrong_password");
		assertThat(rawPayloadsOf(userId)).noneMatch(payload -> payload.contains("wrong password!"));

		Map<String, Object> unknownEmail = single(eventsWithEmail(unknown));
		assertThat(unknownEmail).containsEntry("event_type", "auth.login_failed")
			.containsEntry("organization_id", NO_ORGANIZATION)
			.containsEntry("entity_id", null)
			.containsEntry("outcome", "failure");
		assertThat(data(unknownEmail)).containsEntry("reason", "unknown_email");
	}

	@Test
	void recordsDeactivationAndTheRefusedLoginThatFollows() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String email = uniqueEmail();
		String memberId = (String) createUser(ownerToken, email, "member").get("id");

		call(ownerToken, "PATCH", "/api/v1/users/" + memberId, Map.of("is_active", false)).expectStatus().isOk();
		login(email, PASSWORD).expectStatus().isForbidden();

		Map<String, Object> updated = single(eventsOf(memberId, "user.updated"));
		assertThat(data(updated)).containsEntry("before", Map.of("is_active", true))
			.containsEntry("after", Map.of("is_active", false));
		Map<String, Object> refused = single(eventsOf(memberId, "auth.login_failed"));
		assertThat(refused).containsEntry("organization_id", owner.get("tenant_id"))
			.containsEntry("outcome", "failure")
			.containsEntry("actor", null);
		assertThat(data(refused)).containsEntry("reason", "inactive");
		assertThat(eventsOf(memberId, "auth.login_succeeded")).isEmpty();
	}

	@Test
	void recordsRefreshTokenReuseOnce() throws SQLException {
		Map<String, Object> registered = registerOwner();
		String userId = (String) user(registered).get("id");
		String first = (String) registered.get("refresh_token");
		refresh(first).expectStatus().isOk();
		assertThat(eventsOf(userId, "auth.refresh_reuse_detected")).isEmpty();

		refresh(first).expectStatus().isUnauthorized();
		refresh(first).expectStatus().isUnauthorized();

		Map<String, Object> reuse = single(eventsOf(userId, "auth.refresh_reuse_detected"));
		assertThat(reuse).containsEntry("organization_id", registered.get("tenant_id"))
			.containsEntry("entity_type", "user")
			.containsEntry("outcome", "failure");
		assertThat(data(reuse)).containsEntry("family_revoked", true).containsKey("family_id");
		assertThat(rawPayloadsOf(userId)).noneMatch(payload -> payload.contains(first));
	}

	@Test
	void recordsUserCreationUpdatesRoleChangesAndDeletion() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String ownerId = (String) user(owner).get("id");
		String email = uniqueEmail();
		String userId = (String) createUser(ownerToken, email, "member").get("id");
		String path = "/api/v1/users/" + userId;

		Map<String, Object> created = single(eventsOf(userId, "user.created"));
		assertThat(created).containsEntry("organization_id", owner.get("tenant_id"))
			.containsEntry("entity_type", "user")
			.containsEntry("outcome", "success")
			.containsEntry("actor", Map.of("id", ownerId, "type", "user"));
		assertThat(data(created)).containsEntry("email", email)
			.containsEntry("role", "member")
			.containsEntry("password", MASKED);

		call(ownerToken, "PATCH", path, Map.of("full_name", "New Name", "password", "another password"))
			.expectStatus()
			.isOk();
		Map<String, Object> updated = single(eventsOf(userId, "user.updated"));
		assertThat(updated).containsEntry("actor", Map.of("id", ownerId, "type", "user"));
		assertThat(data(updated)).containsEntry("before", Map.of("full_name", "Some One", "password", MASKED))
			.containsEntry("after", Map.of("full_name", "New Name", "password", MASKED));
		assertThat(eventsOf(userId, "user.role_changed")).isEmpty();

		call(ownerToken, "PATCH", path, Map.of("role", "admin")).expectStatus().isOk();
		assertThat(eventsOf(userId, "user.updated")).hasSize(2)
			.anySatisfy(event -> assertThat(data(event)).containsEntry("before", Map.of("role", "member"))
				.containsEntry("after", Map.of("role", "admin")));
		Map<String, Object> roleChanged = single(eventsOf(userId, "user.role_changed"));
		assertThat(roleChanged).containsEntry("organization_id", owner.get("tenant_id"))
			.containsEntry("actor", Map.of("id", ownerId, "type", "user"));
		assertThat(data(roleChanged)).containsEntry("before", "member").containsEntry("after", "admin");

		call(ownerToken, "DELETE", path, null).expectStatus().isNoContent();
		Map<String, Object> deleted = single(eventsOf(userId, "user.deleted"));
		assertThat(deleted).containsEntry("organization_id", owner.get("tenant_id"))
			.containsEntry("outcome", "success");
		assertThat(data(deleted)).containsEntry("email", email).containsEntry("role", "admin");
		assertThat(rawPayloadsOf(userId)).noneMatch(payload -> payload.contains(PASSWORD))
			.noneMatch(payload -> payload.contains("another password"));
	}

	@Test
	void refusedUserChangesRecordNothing() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String ownerId = (String) user(owner).get("id");
		String email = uniqueEmail();
		String memberId = (String) createUser(ownerToken, email, "member").get("id");
		String memberToken = accessTokenOf(email);

		call(ownerToken, "POST", "/api/v1/users",
				Map.of("email", email, "password", PASSWORD, "full_name", "Twin", "role", "member"))
			.expectStatus()
			.isEqualTo(409);
		// The last owner cannot step down: the update rolls back, and its event with it.
		call(ownerToken, "PATCH", "/api/v1/users/" + ownerId, Map.of("role", "admin")).expectStatus().isEqualTo(409);
		call(memberToken, "PATCH", "/api/v1/users/" + memberId, Map.of("role", "admin")).expectStatus()
			.isForbidden();
		call(memberToken, "DELETE", "/api/v1/users/" + ownerId, null).expectStatus().isForbidden();

		assertThat(eventsWithEmail(email)).extracting(event -> event.get("event_type"))
			.containsExactlyInAnyOrder("user.created", "auth.login_succeeded");
		assertThat(eventsOf(ownerId, "user.updated")).isEmpty();
		assertThat(eventsOf(ownerId, "user.role_changed")).isEmpty();
		assertThat(eventsOf(memberId, "user.updated")).isEmpty();
		assertThat(eventsOf(ownerId, "user.deleted")).isEmpty();
	}

	@Test
	void recordsApiKeyCreationAndRevocationWithTheKeyMasked() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String token = (String) owner.get("access_token");
		String ownerId = (String) user(owner).get("id");
		Map<String, Object> key = call(token, "POST", "/api/v1/api-keys", Map.of("name", "ci key", "scopes", "read"))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String keyId = (String) key.get("id");

		Map<String, Object> created = single(eventsOf(keyId, "api_key.created"));
		assertThat(created).containsEntry("organization_id", owner.get("tenant_id"))
			.containsEntry("entity_type", "api_key")
			.containsEntry("outcome", "success")
			.containsEntry("actor", Map.of("id", ownerId, "type", "user"));
		assertThat(data(created)).containsEntry("name", "ci key")
			.containsEntry("prefix", key.get("prefix"))
			.containsEntry("scopes", "read")
			.containsEntry("key", MASKED);
		assertThat(rawPayloadsOf(keyId)).noneMatch(payload -> payload.contains((String) key.get("key")));

		call(token, "DELETE", "/api/v1/api-keys/" + keyId, null).expectStatus().isNoContent();
		call(token, "DELETE", "/api/v1/api-keys/" + keyId, null).expectStatus().isNoContent();
		Map<String, Object> revoked = single(eventsOf(keyId, "api_key.revoked"));
		assertThat(revoked).containsEntry("organization_id", owner.get("tenant_id"))
			.containsEntry("actor", Map.of("id", ownerId, "type", "user"));
		assertThat(data(revoked)).containsEntry("prefix", key.get("prefix")).doesNotContainKey("key");
	}

	@Test
	void refusedApiKeyChangesRecordNothing() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String token = (String) owner.get("access_token");
		String name = uniqueName("refused key");
		call(token, "POST", "/api/v1/api-keys", Map.of("name", name, "scopes", "read,admin")).expectStatus()
			.isBadRequest();
		String email = uniqueEmail();
		createUser(token, email, "member");
		call(accessTokenOf(email), "POST", "/api/v1/api-keys", Map.of("name", name, "scopes", "read")).expectStatus()
			.isForbidden();
		String otherKey = (String) call((String) registerOwner().get("access_token"), "POST", "/api/v1/api-keys",
				Map.of("name", "other", "scopes", "read"))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("id");
		call(token, "DELETE", "/api/v1/api-keys/" + otherKey, null).expectStatus().isNotFound();

		assertThat(eventsWhere("payload->'event_data'->>'name' = ?", name)).isEmpty();
		assertThat(eventsOf(otherKey, "api_key.revoked")).isEmpty();
	}

	/**
	 * The event and its change share one transaction: when the outbox refuses the event (a
	 * trigger that fails inserts for marked emails), the change is rolled back with it.
	 */
	@Test
	void aChangeWhoseEventCannotBeWrittenDoesNotHappen() throws SQLException {
		String marker = "refuse-outbox-" + UUID.randomUUID();
		String function = "auth.refuse_" + UUID.randomUUID().toString().replace("-", "");
		execute("create function " + function + "() returns trigger language plpgsql as $$ begin "
				+ "if new.payload::text like '%" + marker + "%' then raise exception 'outbox refused'; end if; "
				+ "return new; end $$");
		String trigger = "refuse_" + UUID.randomUUID().toString().replace("-", "");
		execute("create trigger " + trigger + " before insert on auth.outbox for each row execute function "
				+ function + "()");
		try {
			String ownerToken = (String) registerOwner().get("access_token");
			String email = marker + "@example.test";
			call(ownerToken, "POST", "/api/v1/users",
					Map.of("email", email, "password", PASSWORD, "full_name", "Never Stored", "role", "member"))
				.expectStatus()
				.is5xxServerError();
			assertThat(RegistrationIntegrationTests.usersWithEmail(email)).isZero();

			String registering = marker + "-owner@example.test";
			this.http.post()
				.uri("/api/v1/auth/register")
				.bodyValue(Map.of("tenant_name", uniqueName("Refused"), "email", registering, "password", PASSWORD,
						"full_name", "Never Registered"))
				.exchange()
				.expectStatus()
				.is5xxServerError();
			assertThat(RegistrationIntegrationTests.usersWithEmail(registering)).isZero();
			assertThat(eventsWhere("payload::text like ?", "%" + marker + "%")).isEmpty();
		}
		finally {
			execute("drop trigger " + trigger + " on auth.outbox");
			execute("drop function " + function + "()");
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				java.sql.Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec refresh(String token) {
		return this.http.post().uri("/api/v1/auth/refresh").bodyValue(Map.of("refresh_token", token)).exchange();
	}

	private static List<Map<String, Object>> eventsOf(String entityId, String eventType) throws SQLException {
		return eventsWhere("payload->>'entity_id' = ? and payload->>'event_type' = ?", entityId, eventType);
	}

	private static List<Map<String, Object>> eventsWithEmail(String email) throws SQLException {
		return eventsWhere("payload->'event_data'->>'email' = ?", email);
	}

	private static List<String> rawPayloadsOf(String entityId) {
		List<String> payloads = OutboxRows.raw("auth", "payload->>'entity_id' = ?", entityId);
		assertThat(payloads).isNotEmpty();
		return payloads;
	}

	private static List<Map<String, Object>> eventsWhere(String condition, String... values) {
		return OutboxRows.where("auth", condition, values);
	}

	private static Map<String, Object> single(List<Map<String, Object>> events) {
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> event) {
		return (Map<String, Object>) event.get("event_data");
	}

}

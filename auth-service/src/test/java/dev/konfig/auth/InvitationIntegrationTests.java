package dev.konfig.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.OpaqueSecrets;
import dev.konfig.platform.test.Links;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.web.SecretMask;

import static org.assertj.core.api.Assertions.assertThat;

/** IN-1..IN-8: invitations, from creation to acceptance by a new person or a signed-in user. */
class InvitationIntegrationTests extends AuthIntegrationTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@Test
	void aNewPersonAcceptsAndLogsInToTheOrganization() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String organization = (String) owner.get("tenant_id");
		String email = uniqueEmail().toUpperCase();
		Map<String, Object> invitation = invite((String) owner.get("access_token"), organization, email, "admin")
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String token = (String) invitation.get("token");
		assertThat(token).startsWith("kinv_").hasSize("kinv_".length() + 43);
		assertThat(invitation).containsEntry("status", "pending")
			.containsEntry("email", email.toLowerCase())
			.containsEntry("role", "admin")
			.containsEntry("organization_id", organization)
			.containsKeys("id", "expires_at", "created_at");
		// Only the hash is stored, and no event carries the token.
		assertThat(storedHash(invitation.get("id"))).isEqualTo(OpaqueSecrets.sha256(token));
		assertThat(OutboxRows.raw("auth", "payload->>'entity_id' = ?", (String) invitation.get("id")))
			.singleElement()
			.satisfies(payload -> assertThat(payload).doesNotContain(token));
		assertThat(OutboxRows.forEntity("auth", invitation.get("id"))).singleElement()
			.satisfies(event -> assertThat(event).containsEntry("event_type", "invitation.created")
				.extractingByKey("event_data")
				.isEqualTo(Map.of("email", email.toLowerCase(), "role", "admin", "token", SecretMask.VALUE,
						"expires_at", invitation.get("expires_at"))));

		Map<String, Object> accepted = acceptAsNewPerson(token, randomAddress()).expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(accepted).containsEntry("organization_id", organization).containsEntry("role", "admin");
		login(email.toLowerCase(), PASSWORD).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant_id").isEqualTo(organization)
			.jsonPath("$.user.role").isEqualTo("admin");
		assertThat(OutboxRows.where("auth", "payload->>'event_type' = 'user.created' and payload->>'entity_id' = ?",
				(String) accepted.get("user_id")))
			.singleElement()
			.satisfies(event -> assertThat(event).containsEntry("organization_id", organization));
		assertThat(OutboxRows.where("auth",
				"payload->>'event_type' = 'invitation.accepted' and payload->>'entity_id' = ?",
				(String) invitation.get("id")))
			.hasSize(1);

		// Used once: the same token again is gone.
		acceptAsNewPerson(token, randomAddress()).expectStatus().isEqualTo(410);
		call((String) owner.get("access_token"), "GET",
				"/api/v1/organizations/" + organization + "/invitations?status=accepted", null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].id").isEqualTo(invitation.get("id"))
			.jsonPath("$[0].status").isEqualTo("accepted")
			.jsonPath("$[0].token").doesNotExist();
	}

	@Test
	void theSeedFrontendsInviteAliasCreatesAnInvitation() {
		Map<String, Object> owner = registerOwner();
		call((String) owner.get("access_token"), "POST", "/api/v1/organizations/" + owner.get("tenant_id") + "/invite",
				Map.of("email", uniqueEmail(), "role", "member"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.token").isNotEmpty();
	}

	@Test
	void onlyAdminsInviteOnlyOwnersInviteOwnersAndStrangersSeeNothing() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		String adminEmail = uniqueEmail();
		createUser(ownerToken, adminEmail, "admin");
		String memberEmail = uniqueEmail();
		createUser(ownerToken, memberEmail, "member");
		String adminToken = accessTokenOf(adminEmail);
		String path = "/api/v1/organizations/" + organization + "/invitations";

		invite(accessTokenOf(memberEmail), organization, uniqueEmail(), "member").expectStatus().isForbidden();
		call(accessTokenOf(memberEmail), "GET", path, null).expectStatus().isForbidden();
		invite(adminToken, organization, uniqueEmail(), "owner").expectStatus().isForbidden();
		invite(adminToken, organization, uniqueEmail(), "admin").expectStatus().isCreated();
		invite(apiKeyToken(ownerToken, "read,write"), organization, uniqueEmail(), "member").expectStatus()
			.isForbidden();

		String strangerToken = (String) registerOwner().get("access_token");
		invite(strangerToken, organization, uniqueEmail(), "member").expectStatus().isNotFound();
		call(strangerToken, "GET", path, null).expectStatus().isNotFound();
		Object id = invite(ownerToken, organization, uniqueEmail(), "owner").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("id");
		call(strangerToken, "DELETE", path + "/" + id, null).expectStatus().isNotFound();
		call(strangerToken, "POST", path + "/" + id + "/resend", null).expectStatus().isNotFound();
		// An admin cannot hand out a fresh owner's token either.
		call(adminToken, "POST", path + "/" + id + "/resend", null).expectStatus().isForbidden();
	}

	@Test
	void refusesMembersAndOpenInvitationsAndBadInputWritingNothing() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		String email = uniqueEmail();

		invite(ownerToken, organization, (String) user(owner).get("email"), "member").expectStatus().isEqualTo(409);
		invite(ownerToken, organization, email, "member").expectStatus().isCreated();
		invite(ownerToken, organization, email.toUpperCase(), "admin").expectStatus().isEqualTo(409);

		String badEmail = "not-an-address";
		invite(ownerToken, organization, badEmail, "member").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("email");
		invite(ownerToken, organization, uniqueEmail(), "boss").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("role");
		invite(ownerToken, organization, "a".repeat(250) + "@x.test", "member").expectStatus().isBadRequest();
		call(ownerToken, "GET", "/api/v1/organizations/" + organization + "/invitations?status=open", null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("status");
		assertThat(list(ownerToken, organization, "")).hasSize(1);
	}

	@Test
	void aSignedInUserAcceptsWithTheSessionAndSwitchesToTheSecondOrganization() {
		Map<String, Object> inviter = registerOwner();
		String organization = (String) inviter.get("tenant_id");
		Map<String, Object> existing = registerOwner();
		String existingEmail = (String) user(existing).get("email");
		String existingToken = (String) existing.get("access_token");
		String token = tokenOf(invite((String) inviter.get("access_token"), organization, existingEmail, "member"));

		// Without a session: the account exists, so the person must log in.
		acceptAsNewPerson(token, randomAddress()).expectStatus().isEqualTo(409);
		// Someone else's session: not their invitation.
		String otherToken = (String) registerOwner().get("access_token");
		acceptWithSession(otherToken, token).expectStatus().isForbidden();
		// An API key is nobody's session.
		acceptWithSession(apiKeyToken(existingToken, "read,write"), token).expectStatus().isForbidden();

		acceptWithSession(existingToken, token).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.organization_id").isEqualTo(organization)
			.jsonPath("$.user_id").isEqualTo(user(existing).get("id"))
			.jsonPath("$.role").isEqualTo("member");
		call(existingToken, "GET", "/api/v1/auth/memberships", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2)
			.jsonPath("$[1].organization_id").isEqualTo(organization)
			.jsonPath("$[1].role").isEqualTo("member");
		String switched = (String) call(existingToken, "POST", "/api/v1/auth/switch-organization",
				Map.of("organization_id", organization))
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("access_token");
		call(switched, "GET", "/api/v1/users", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2);
		call(switched, "GET", "/api/v1/organizations/" + organization + "/members", null).expectStatus().isOk();

		// Already a member: a second invitation is refused at creation.
		invite((String) inviter.get("access_token"), organization, existingEmail, "admin").expectStatus()
			.isEqualTo(409);
	}

	@Test
	void resendReplacesTheTokenAndRevokeEndsTheInvitation() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		Map<String, Object> invitation = invite(ownerToken, organization, uniqueEmail(), "member").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String path = "/api/v1/organizations/" + organization + "/invitations/" + invitation.get("id");
		String oldToken = (String) invitation.get("token");

		String newToken = (String) call(ownerToken, "POST", path + "/resend", null).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("token");
		assertThat(newToken).startsWith("kinv_").isNotEqualTo(oldToken);
		acceptAsNewPerson(oldToken, randomAddress()).expectStatus().isNotFound();

		call(ownerToken, "DELETE", path, null).expectStatus().isNoContent();
		acceptAsNewPerson(newToken, randomAddress()).expectStatus().isEqualTo(410);
		call(ownerToken, "DELETE", path, null).expectStatus().isNotFound();
		call(ownerToken, "POST", path + "/resend", null).expectStatus().isEqualTo(409);
		assertThat(list(ownerToken, organization, "?status=revoked")).extracting(item -> item.get("id"))
			.containsExactly(invitation.get("id"));
		assertThat(OutboxRows.forEntity("auth", invitation.get("id"))).extracting(event -> event.get("event_type"))
			.containsExactly("invitation.created", "invitation.resent", "invitation.revoked");
		assertThat(OutboxRows.raw("auth", "payload->>'entity_id' = ?", (String) invitation.get("id")))
			.noneMatch(payload -> payload.contains(newToken) || payload.contains(oldToken));
	}

	@Test
	void anExpiredInvitationIsGoneAndMakesRoomForANewOne() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		String email = uniqueEmail();
		Map<String, Object> invitation = invite(ownerToken, organization, email, "member").expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		expire(invitation.get("id"));

		assertThat(list(ownerToken, organization, "?status=expired")).extracting(item -> item.get("id"))
			.containsExactly(invitation.get("id"));
		assertThat(list(ownerToken, organization, "?status=pending")).isEmpty();
		acceptAsNewPerson((String) invitation.get("token"), randomAddress()).expectStatus().isEqualTo(410);
		String fresh = tokenOf(invite(ownerToken, organization, email, "member"));
		acceptAsNewPerson(fresh, randomAddress()).expectStatus().isCreated();
	}

	@Test
	void listsNewestFirstPageByPage() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		for (int i = 0; i < 3; i++) {
			invite(ownerToken, organization, "n" + i + "-" + uniqueEmail(), "member").expectStatus().isCreated();
		}
		EntityExchangeResult<List<Map<String, Object>>> first = call(ownerToken, "GET",
				"/api/v1/organizations/" + organization + "/invitations?limit=2", null)
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult();
		assertThat(first.getResponseBody()).extracting(item -> ((String) item.get("email")).substring(0, 2))
			.containsExactly("n2", "n1");
		String cursor = Links.nextCursor(first.getResponseHeaders());
		assertThat(list(ownerToken, organization, "?limit=2&cursor=" + cursor))
			.extracting(item -> ((String) item.get("email")).substring(0, 2))
			.containsExactly("n0");
	}

	@Test
	void throttlesAnAddressThatTriesUnknownTokens() {
		String address = randomAddress();
		for (int i = 0; i < 20; i++) {
			acceptAsNewPerson("kinv_" + UUID.randomUUID(), address).expectStatus().isNotFound();
		}
		acceptAsNewPerson("kinv_" + UUID.randomUUID(), address).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After");
		// The login throttle is the same one: this address cannot guess passwords either.
		this.http.post()
			.uri("/api/v1/auth/login")
			.header("X-Forwarded-For", address)
			.bodyValue(Map.of("email", uniqueEmail(), "password", "whatever-it-is"))
			.exchange()
			.expectStatus()
			.isEqualTo(429);
		acceptAsNewPerson("kinv_" + UUID.randomUUID(), randomAddress()).expectStatus().isNotFound();
	}

	@Test
	void aDeactivatedOrganizationAcceptsNobody() {
		Map<String, Object> owner = registerOwner();
		String organization = (String) owner.get("tenant_id");
		String token = tokenOf(invite((String) owner.get("access_token"), organization, uniqueEmail(), "member"));
		apply(OrganizationEvents.deactivated(UUID.fromString(organization), 5));

		acceptAsNewPerson(token, randomAddress()).expectStatus().isForbidden();
		apply(OrganizationEvents.activated(UUID.fromString(organization), 6));
		acceptAsNewPerson(token, randomAddress()).expectStatus().isCreated();
	}

	@Test
	void refusesBadAcceptInput() {
		this.http.post()
			.uri("/api/v1/invitations/accept")
			.bodyValue(Map.of("token", "kinv_x", "full_name", "New Person", "password", "short"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("password");
		this.http.post()
			.uri("/api/v1/invitations/accept")
			.bodyValue(Map.of("full_name", "New Person", "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.http.post()
			.uri("/api/v1/auth/accept-invitation")
			.bodyValue(Map.of("token", "kinv_x"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private WebTestClient.ResponseSpec invite(String token, String organization, String email, String role) {
		return call(token, "POST", "/api/v1/organizations/" + organization + "/invitations",
				Map.of("email", email, "role", role));
	}

	private static String tokenOf(WebTestClient.ResponseSpec created) {
		return (String) created.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("token");
	}

	private WebTestClient.ResponseSpec acceptAsNewPerson(String token, String address) {
		return this.http.post()
			.uri("/api/v1/invitations/accept")
			.header("X-Forwarded-For", address)
			.bodyValue(Map.of("token", token, "full_name", "Invited Person", "password", PASSWORD))
			.exchange();
	}

	private WebTestClient.ResponseSpec acceptWithSession(String accessToken, String token) {
		return this.http.post()
			.uri("/api/v1/auth/accept-invitation")
			.header("X-Forwarded-For", randomAddress())
			.headers(headers -> headers.setBearerAuth(accessToken))
			.bodyValue(Map.of("token", token))
			.exchange();
	}

	private List<Map<String, Object>> list(String token, String organization, String query) {
		return call(token, "GET", "/api/v1/organizations/" + organization + "/invitations" + query, null)
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody();
	}

	private static String storedHash(Object id) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement query = connection
					.prepareStatement("select token_hash from auth.invitations where id = ?")) {
			query.setObject(1, UUID.fromString(id.toString()));
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				return row.getString(1);
			}
		}
	}

	private static void expire(Object id) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement update = connection.prepareStatement(
						"update auth.invitations set expires_at = now() - interval '1 minute' where id = ?")) {
			update.setObject(1, UUID.fromString(id.toString()));
			assertThat(update.executeUpdate()).isEqualTo(1);
		}
	}

}

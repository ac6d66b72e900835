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

import dev.konfig.platform.test.Links;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** MB-1..MB-4: the members of an organization named in the path, by the rules of /api/v1/users. */
class MemberIntegrationTests extends AuthIntegrationTest {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@Test
	void listsTheMembersOfAnOrganizationTheCallerBelongsToThoughTheTokenIsForAnother() {
		Map<String, Object> first = registerOwner();
		Map<String, Object> second = registerOwner();
		String secondOrganization = (String) second.get("tenant_id");
		Object firstUser = user(first).get("id");
		addMembership(firstUser, secondOrganization, "member");
		String firstToken = accessTokenOf((String) user(first).get("email"));
		String members = "/api/v1/organizations/" + secondOrganization + "/members";

		List<Map<String, Object>> all = list(firstToken, members);
		assertThat(all).extracting(member -> member.get("user_id")).containsExactly(user(second).get("id"), firstUser);
		assertThat(all.get(1)).containsEntry("role", "member")
			.containsEntry("is_active", true)
			.containsEntry("email", user(first).get("email"))
			.containsKeys("full_name", "joined_at");
		// The login above recorded its time (MB-4); the second owner never logged in.
		assertThat(all.get(1).get("last_login_at")).isNotNull();
		assertThat(all.get(0).get("last_login_at")).isNull();

		assertThat(list(firstToken, members + "?role=owner")).extracting(member -> member.get("user_id"))
			.containsExactly(user(second).get("id"));
		String fragment = ((String) user(first).get("email")).substring(5, 20).toUpperCase();
		assertThat(list(firstToken, members + "?q=" + fragment)).extracting(member -> member.get("user_id"))
			.containsExactly(firstUser);
		assertThat(list(firstToken, members + "?q=%25")).isEmpty();
		assertThat(list(firstToken, members + "?is_active=false")).isEmpty();
		call(firstToken, "GET", members + "?role=boss", null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("role");
		call(firstToken, "GET", members + "?is_active=maybe", null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("is_active");
	}

	@Test
	void pagesInTheOrderMembersJoined() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		for (int i = 0; i < 3; i++) {
			createUser(ownerToken, uniqueEmail(), "member");
		}
		String members = "/api/v1/organizations/" + organization + "/members";
		EntityExchangeResult<List<Map<String, Object>>> page = call(ownerToken, "GET", members + "?limit=3", null)
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult();
		assertThat(page.getResponseBody()).hasSize(3);
		String cursor = Links.nextCursor(page.getResponseHeaders());
		List<Map<String, Object>> rest = list(ownerToken, members + "?limit=3&cursor=" + cursor);
		assertThat(rest).hasSize(1);
		List<Object> order = list(ownerToken, members).stream().map(member -> member.get("user_id")).toList();
		assertThat(order.get(3)).isEqualTo(rest.get(0).get("user_id"));
		call(ownerToken, "GET", members + "?cursor=not-a-cursor", null).expectStatus().isBadRequest();
	}

	@Test
	void hidesAnOrganizationFromStrangersAndFromDeactivatedMembers() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		Map<String, Object> stranger = registerOwner();
		String strangerToken = (String) stranger.get("access_token");
		String members = "/api/v1/organizations/" + organization + "/members";

		call(strangerToken, "GET", members, null).expectStatus().isNotFound();
		call(strangerToken, "GET", members + "/" + user(owner).get("id"), null).expectStatus().isNotFound();
		call(strangerToken, "PATCH", members + "/" + user(owner).get("id"), Map.of("role", "member")).expectStatus()
			.isNotFound();
		call(strangerToken, "DELETE", members + "/" + user(owner).get("id"), null).expectStatus().isNotFound();
		call(strangerToken, "GET", "/api/v1/organizations/" + UUID.randomUUID() + "/members", null).expectStatus()
			.isNotFound();

		Map<String, Object> second = registerOwner();
		addMembership(user(second).get("id"), organization, "admin");
		String secondToken = (String) second.get("access_token");
		call(secondToken, "GET", members, null).expectStatus().isOk();
		call(ownerToken, "PATCH", members + "/" + user(second).get("id"), Map.of("is_active", false)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.is_active").isEqualTo(false);
		call(secondToken, "GET", members, null).expectStatus().isNotFound();
		// Someone of another organization is no member here.
		call(ownerToken, "GET", members + "/" + user(stranger).get("id"), null).expectStatus().isNotFound();
	}

	@Test
	void apiKeysReadTheirOwnOrganizationsMembersOnlyAndChangeNothing() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		String keyToken = apiKeyToken(ownerToken, "read,write");
		String members = "/api/v1/organizations/" + organization + "/members";

		assertThat(list(keyToken, members)).hasSize(1);
		call(keyToken, "PATCH", members + "/" + user(owner).get("id"), Map.of("role", "admin")).expectStatus()
			.isForbidden();
		call(keyToken, "DELETE", members + "/" + user(owner).get("id"), null).expectStatus().isForbidden();
		String otherOrganization = (String) registerOwner().get("tenant_id");
		call(keyToken, "GET", "/api/v1/organizations/" + otherOrganization + "/members", null).expectStatus()
			.isNotFound();
	}

	@Test
	void changesRolesAndStatusByTheRulesOfUsers() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		String adminEmail = uniqueEmail();
		Map<String, Object> admin = createUser(ownerToken, adminEmail, "admin");
		Map<String, Object> member = createUser(ownerToken, uniqueEmail(), "member");
		String members = "/api/v1/organizations/" + organization + "/members/";
		String adminToken = accessTokenOf(adminEmail);

		call(adminToken, "PATCH", members + member.get("id"), Map.of("role", "admin")).expectStatus().isForbidden();
		call(ownerToken, "PUT", members + member.get("id"), Map.of("role", "admin")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.role").isEqualTo("admin")
			.jsonPath("$.user_id").isEqualTo(member.get("id"));
		List<Map<String, Object>> changed = OutboxRows.where("auth",
				"payload->>'event_type' = 'user.role_changed' and payload->>'entity_id' = ?", (String) member.get("id"));
		assertThat(changed).singleElement()
			.satisfies(event -> assertThat(event).containsEntry("organization_id", organization));

		call(ownerToken, "PATCH", members + user(owner).get("id"), Map.of("is_active", false)).expectStatus()
			.isBadRequest();
		call(ownerToken, "PATCH", members + user(owner).get("id"), Map.of("role", "admin")).expectStatus()
			.isEqualTo(409);
		call(ownerToken, "PATCH", members + UUID.randomUUID(), Map.of("role", "admin")).expectStatus().isNotFound();
		call(ownerToken, "PATCH", members + admin.get("id"), Map.of("role", "chief")).expectStatus().isBadRequest();
	}

	@Test
	void rereadsTheCallersMembershipOfThePathsOrganization() {
		Map<String, Object> home = registerOwner();
		Map<String, Object> other = registerOwner();
		String otherOrganization = (String) other.get("tenant_id");
		String homeToken = (String) home.get("access_token");
		addMembership(user(home).get("id"), otherOrganization, "owner");
		Map<String, Object> target = createUser((String) other.get("access_token"), uniqueEmail(), "member");
		String members = "/api/v1/organizations/" + otherOrganization + "/members/";

		// The token is an owner's of another organization; what counts is the membership here.
		call(homeToken, "PATCH", members + target.get("id"), Map.of("role", "admin")).expectStatus().isOk();
		call((String) other.get("access_token"), "PATCH", members + user(home).get("id"), Map.of("role", "member"))
			.expectStatus()
			.isOk();
		call(homeToken, "PATCH", members + target.get("id"), Map.of("role", "member")).expectStatus().isForbidden();
		call(homeToken, "DELETE", members + target.get("id"), null).expectStatus().isForbidden();
	}

	@Test
	void removesMembersByOwnersAndAdminsBelowThemAndTheUserWithTheLastMembership() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		String adminEmail = uniqueEmail();
		Map<String, Object> admin = createUser(ownerToken, adminEmail, "admin");
		Map<String, Object> member = createUser(ownerToken, uniqueEmail(), "member");
		Map<String, Object> elsewhere = registerOwner();
		addMembership(user(elsewhere).get("id"), organization, "member");
		String members = "/api/v1/organizations/" + organization + "/members/";
		String adminToken = accessTokenOf(adminEmail);

		call(adminToken, "DELETE", members + user(owner).get("id"), null).expectStatus().isForbidden();
		call(adminToken, "DELETE", members + admin.get("id"), null).expectStatus().isBadRequest();
		call(adminToken, "DELETE", members + member.get("id"), null).expectStatus().isNoContent();
		call(adminToken, "DELETE", members + member.get("id"), null).expectStatus().isNotFound();
		assertThat(userExists(member.get("id"))).isFalse();
		assertThat(OutboxRows.where("auth", "payload->>'event_type' = 'user.deleted' and payload->>'entity_id' = ?",
				(String) member.get("id")))
			.singleElement()
			.satisfies(event -> assertThat(event).containsEntry("organization_id", organization));

		// Someone with another membership keeps their account.
		call(ownerToken, "DELETE", members + user(elsewhere).get("id"), null).expectStatus().isNoContent();
		assertThat(userExists(user(elsewhere).get("id"))).isTrue();
		call(ownerToken, "DELETE", members + admin.get("id"), null).expectStatus().isNoContent();
	}

	@Test
	void countsMembersAndOpenInvitationsPerOrganizationForServices() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		createUser(ownerToken, uniqueEmail(), "admin");
		Map<String, Object> member = createUser(ownerToken, uniqueEmail(), "member");
		call(ownerToken, "PATCH", "/api/v1/users/" + member.get("id"), Map.of("is_active", false)).expectStatus().isOk();
		call(ownerToken, "POST", "/api/v1/organizations/" + organization + "/invitations",
				Map.of("email", uniqueEmail(), "role", "member"))
			.expectStatus()
			.isCreated();
		UUID unknown = UUID.randomUUID();

		this.http.post()
			.uri("/internal/usage")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("organization_ids", List.of(organization, unknown)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()").isEqualTo(2)
			.jsonPath("$.items[0].organization_id").isEqualTo(organization)
			.jsonPath("$.items[0].members.total").isEqualTo(3)
			.jsonPath("$.items[0].members.active").isEqualTo(2)
			.jsonPath("$.items[0].members.by_role.owner").isEqualTo(1)
			.jsonPath("$.items[0].members.by_role.admin").isEqualTo(1)
			.jsonPath("$.items[0].members.by_role.member").isEqualTo(1)
			.jsonPath("$.items[0].members.pending_invitations").isEqualTo(1)
			.jsonPath("$.items[1].organization_id").isEqualTo(unknown.toString())
			.jsonPath("$.items[1].members.total").isEqualTo(0)
			.jsonPath("$.items[1].members.pending_invitations").isEqualTo(0);

		List<UUID> tooMany = java.util.stream.Stream.generate(UUID::randomUUID).limit(101).toList();
		this.http.post()
			.uri("/internal/usage")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("organization_ids", tooMany))
			.exchange()
			.expectStatus()
			.isBadRequest();
		// A user's token has no internal scope.
		call(ownerToken, "POST", "/internal/usage", Map.of("organization_ids", List.of(organization))).expectStatus()
			.isForbidden();
	}

	private List<Map<String, Object>> list(String token, String uri) {
		return call(token, "GET", uri, null).expectStatus().isOk().expectBody(LIST).returnResult().getResponseBody();
	}

	static boolean userExists(Object id) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement query = connection.prepareStatement("select 1 from auth.users where id = ?")) {
			query.setObject(1, UUID.fromString(id.toString()));
			try (ResultSet row = query.executeQuery()) {
				return row.next();
			}
		}
	}

}

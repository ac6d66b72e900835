package dev.konfig.auth;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.test.Links;

import static org.assertj.core.api.Assertions.assertThat;

class UserIntegrationTests extends AuthIntegrationTest {

	@Test
	void listsTheOrganizationsUsersPageByPage() {
		Map<String, Object> owner = registerOwner();
		String token = (String) owner.get("access_token");
		createUser(token, uniqueEmail(), "member");
		createUser(token, uniqueEmail(), "admin");

		EntityExchangeResult<List<Map<String, Object>>> page = call(token, "GET", "/api/v1/users?limit=2", null)
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult();
		assertThat(page.getResponseBody()).hasSize(2);
		String cursor = Links.nextCursor(page.getResponseHeaders());
		assertThat(cursor).isNotNull();
		call(token, "GET", "/api/v1/users?limit=2&cursor=" + cursor, null).expectStatus()
			.isOk()
			.expectHeader().doesNotExist(HttpHeaders.LINK)
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1);
		// The suite's one limit rule: out of range is refused, never clamped.
		call(token, "GET", "/api/v1/users?limit=201", null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field").isEqualTo("limit");
	}

	@Test
	void onlyOwnersCreateOwnersAndMembersCreateNobody() {
		String ownerToken = (String) registerOwner().get("access_token");
		String adminEmail = uniqueEmail();
		createUser(ownerToken, adminEmail, "admin");
		String memberEmail = uniqueEmail();
		createUser(ownerToken, memberEmail, "member");
		String adminToken = accessTokenOf(adminEmail);
		String memberToken = accessTokenOf(memberEmail);

		create(adminToken, "owner").expectStatus().isForbidden();
		create(adminToken, "member").expectStatus().isCreated();
		create(memberToken, "member").expectStatus().isForbidden();
		create(ownerToken, "owner").expectStatus().isCreated();
	}

	@Test
	void changesRolesByOwnersOnlyAndNamesByThemselves() {
		String ownerToken = (String) registerOwner().get("access_token");
		String memberEmail = uniqueEmail();
		Map<String, Object> member = createUser(ownerToken, memberEmail, "member");
		String memberToken = accessTokenOf(memberEmail);
		String path = "/api/v1/users/" + member.get("id");

		call(memberToken, "PATCH", path, Map.of("full_name", "New Name", "password", "another password"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.full_name").isEqualTo("New Name");
		login(memberEmail, "another password").expectStatus().isOk();
		call(memberToken, "PATCH", path, Map.of("role", "admin")).expectStatus().isForbidden();
		call(ownerToken, "PATCH", path, Map.of("role", "admin")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.role").isEqualTo("admin");
	}

	@Test
	void putChangesOnlyTheFieldsSentAsPatchDoes() {
		String ownerToken = (String) registerOwner().get("access_token");
		String memberEmail = uniqueEmail();
		Map<String, Object> member = createUser(ownerToken, memberEmail, "member");
		String path = "/api/v1/users/" + member.get("id");

		call(ownerToken, "PUT", path, Map.of("full_name", "Updated Name", "role", "admin")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.full_name").isEqualTo("Updated Name")
			.jsonPath("$.role").isEqualTo("admin")
			.jsonPath("$.email").isEqualTo(memberEmail);
		call(ownerToken, "PUT", path, Map.of("full_name", "Once More")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.full_name").isEqualTo("Once More")
			.jsonPath("$.role").isEqualTo("admin");
		call(accessTokenOf(memberEmail), "PUT", path, Map.of("role", "owner")).expectStatus().isForbidden();
	}

	@Test
	void keepsAnActiveOwnerAndRefusesSelfDeactivation() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String ownerPath = "/api/v1/users/" + user(owner).get("id");

		call(ownerToken, "PATCH", ownerPath, Map.of("is_active", false)).expectStatus().isBadRequest();
		call(ownerToken, "PATCH", ownerPath, Map.of("role", "admin")).expectStatus().isEqualTo(409);

		String secondEmail = uniqueEmail();
		Map<String, Object> second = createUser(ownerToken, secondEmail, "owner");
		call(ownerToken, "PATCH", ownerPath, Map.of("role", "admin")).expectStatus().isOk();
		String secondToken = accessTokenOf(secondEmail);
		call(secondToken, "DELETE", "/api/v1/users/" + second.get("id"), null).expectStatus().isBadRequest();
		call(secondToken, "PATCH", "/api/v1/users/" + second.get("id"), Map.of("role", "member")).expectStatus()
			.isEqualTo(409);
	}

	@Test
	void ownersRemoveAnyoneAndAdminsOnlyMembers() {
		String ownerToken = (String) registerOwner().get("access_token");
		String adminEmail = uniqueEmail();
		createUser(ownerToken, adminEmail, "admin");
		Map<String, Object> otherAdmin = createUser(ownerToken, uniqueEmail(), "admin");
		Map<String, Object> member = createUser(ownerToken, uniqueEmail(), "member");
		String memberEmail = uniqueEmail();
		createUser(ownerToken, memberEmail, "member");
		String adminToken = accessTokenOf(adminEmail);
		String path = "/api/v1/users/" + member.get("id");

		call(accessTokenOf(memberEmail), "DELETE", path, null).expectStatus().isForbidden();
		call(adminToken, "DELETE", "/api/v1/users/" + otherAdmin.get("id"), null).expectStatus().isForbidden();
		call(adminToken, "DELETE", path, null).expectStatus().isNoContent();
		call(ownerToken, "GET", path, null).expectStatus().isNotFound();
		call(ownerToken, "DELETE", "/api/v1/users/" + otherAdmin.get("id"), null).expectStatus().isNoContent();
	}

	@Test
	void hidesOtherOrganizationsUsers() {
		String ownerToken = (String) registerOwner().get("access_token");
		Map<String, Object> stranger = user(registerOwner());
		String path = "/api/v1/users/" + stranger.get("id");

		call(ownerToken, "GET", path, null).expectStatus().isNotFound();
		call(ownerToken, "PATCH", path, Map.of("role", "member")).expectStatus().isNotFound();
		call(ownerToken, "DELETE", path, null).expectStatus().isNotFound();
	}

	@Test
	void refusesCallsWithoutToken() {
		this.http.get()
			.uri("/api/v1/users")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType("application/problem+json");
	}

	private WebTestClient.ResponseSpec create(String token, String role) {
		return call(token, "POST", "/api/v1/users",
				Map.of("email", uniqueEmail(), "password", PASSWORD, "full_name", "New Person", "role", role));
	}

	@Test
	void refusesTheStaleRoleOfADemotedOwner() {
		String ownerToken = (String) registerOwner().get("access_token");
		String secondEmail = uniqueEmail();
		Map<String, Object> second = createUser(ownerToken, secondEmail, "owner");
		String secondToken = accessTokenOf(secondEmail);
		call(ownerToken, "PATCH", "/api/v1/users/" + second.get("id"), Map.of("role", "member")).expectStatus().isOk();

		create(secondToken, "member").expectStatus().isForbidden();
		create(ownerToken, "member").expectStatus().isCreated();
	}

}

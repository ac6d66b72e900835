package dev.konfig.auth;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * An admin removed, deactivated or demoted by an owner still holds an access token that names
 * the old role for up to 15 minutes. At auth-service that token must lose its rights at once:
 * key and user management re-read the caller's membership in their transaction, and the keys
 * the admin created stop working with the removal.
 */
class StaleMembershipIntegrationTests extends AuthIntegrationTest {

	private static final String ALL_SCOPES = "read,write,secrets:read,audit:read";

	@Test
	void aDemotedAdminsOldTokenCannotCreateOrRevokeKeysNorManageUsers() {
		Organization org = organizationWithAdmin();
		String key = keyId(org.ownerToken());
		call(org.ownerToken(), "PATCH", "/api/v1/users/" + org.adminId(), Map.of("role", "member")).expectStatus()
			.isOk();

		requestKey(org.adminToken(), ALL_SCOPES).expectStatus().isForbidden().expectHeader()
			.contentType("application/problem+json");
		requestKey(org.adminToken(), "read").expectStatus().isForbidden();
		call(org.adminToken(), "DELETE", "/api/v1/api-keys/" + key, null).expectStatus().isForbidden();
		createMember(org.adminToken()).expectStatus().isForbidden();
		// The owner, whose role did not change, still can.
		requestKey(org.ownerToken(), ALL_SCOPES).expectStatus().isCreated();
	}

	@Test
	void aDeactivatedAdminsOldTokenCannotCreateKeysNorManageUsers() {
		Organization org = organizationWithAdmin();
		call(org.ownerToken(), "PATCH", "/api/v1/users/" + org.adminId(), Map.of("is_active", false)).expectStatus()
			.isOk();

		requestKey(org.adminToken(), ALL_SCOPES).expectStatus().isForbidden();
		createMember(org.adminToken()).expectStatus().isForbidden();
	}

	@Test
	void aRemovedAdminsOldTokenCannotCreateKeysNorManageUsers() {
		Organization org = organizationWithAdmin();
		call(org.ownerToken(), "DELETE", "/api/v1/users/" + org.adminId(), null).expectStatus().isNoContent();

		requestKey(org.adminToken(), ALL_SCOPES).expectStatus().isForbidden();
		createMember(org.adminToken()).expectStatus().isForbidden();
	}

	@Test
	void theKeysOfAnAdminWhoIsRemovedDeactivatedOrDemotedStopWorking() {
		Organization removed = organizationWithAdmin();
		String removedKey = secret(requestKey(removed.adminToken(), ALL_SCOPES));
		exchange(removedKey).expectStatus().isOk();
		call(removed.ownerToken(), "DELETE", "/api/v1/users/" + removed.adminId(), null).expectStatus().isNoContent();
		exchange(removedKey).expectStatus().isUnauthorized();

		Organization deactivated = organizationWithAdmin();
		String deactivatedKey = secret(requestKey(deactivated.adminToken(), "read"));
		call(deactivated.ownerToken(), "PATCH", "/api/v1/users/" + deactivated.adminId(), Map.of("is_active", false))
			.expectStatus()
			.isOk();
		exchange(deactivatedKey).expectStatus().isUnauthorized();

		Organization demoted = organizationWithAdmin();
		String demotedKey = secret(requestKey(demoted.adminToken(), "read"));
		String ownersKey = secret(requestKey(demoted.ownerToken(), "read"));
		call(demoted.ownerToken(), "PATCH", "/api/v1/users/" + demoted.adminId(), Map.of("role", "member"))
			.expectStatus()
			.isOk();
		exchange(demotedKey).expectStatus().isUnauthorized();
		// Only the demoted person's keys go.
		exchange(ownersKey).expectStatus().isOk();
	}

	@Test
	void anOwnerDemotedToAdminKeepsTheirKeys() {
		Map<String, Object> first = registerOwner();
		String firstToken = (String) first.get("access_token");
		String secondEmail = uniqueEmail();
		Map<String, Object> second = createUser(firstToken, secondEmail, "owner");
		String secondToken = accessTokenOf(secondEmail);
		String key = secret(requestKey(secondToken, ALL_SCOPES));
		call(firstToken, "PATCH", "/api/v1/users/" + second.get("id"), Map.of("role", "admin")).expectStatus().isOk();

		exchange(key).expectStatus().isOk();
	}

	private record Organization(String ownerToken, Object adminId, String adminToken) {
	}

	private Organization organizationWithAdmin() {
		String ownerToken = (String) registerOwner().get("access_token");
		String adminEmail = uniqueEmail();
		Map<String, Object> admin = createUser(ownerToken, adminEmail, "admin");
		return new Organization(ownerToken, admin.get("id"), accessTokenOf(adminEmail));
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec requestKey(String token,
			String scopes) {
		return call(token, "POST", "/api/v1/api-keys", Map.of("name", "kept", "scopes", scopes));
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec createMember(String token) {
		return call(token, "POST", "/api/v1/users",
				Map.of("email", uniqueEmail(), "password", PASSWORD, "full_name", "New Person", "role", "member"));
	}

	private String keyId(String token) {
		return (String) requestKey(token, "read").expectStatus().isCreated().expectBody(JSON).returnResult()
			.getResponseBody().get("id");
	}

	private static String secret(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec created) {
		return (String) created.expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody()
			.get("key");
	}

}

package dev.konfig.e2e;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.Session;
import dev.konfig.e2e.Accounts.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members and invitations through the gateway: the routes reach auth-service ahead of
 * tenant-service's organizations route, a new person joins with the token alone, an existing user
 * joins a second organization with their session and switches into it.
 */
class MembersEndToEndTests {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> LIST = new ParameterizedTypeReference<>() {
	};

	@Test
	void anOwnerInvitesANewPersonWhoJoinsAndCannotInviteAsAMember() {
		Session owner = Accounts.registerOrganization();
		String organization = owner.organizationId().toString();
		String email = "invited-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		String token = Accounts.invite(owner.accessToken(), "/api/v1/organizations/" + organization + "/invitations", email,
				"member");
		assertThat(token).startsWith("kinv_");

		Accounts.gateway()
			.post()
			.uri("/api/v1/invitations/accept")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("token", token, "full_name", "Invited Person", "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.organization_id").isEqualTo(organization)
			.jsonPath("$.role").isEqualTo("member");
		Tokens member = Accounts.login(email, Accounts.PASSWORD);
		assertThat(member.tenantId()).isEqualTo(owner.organizationId());
		assertThat(member.user()).containsEntry("role", "member");

		// The organization's own data is readable to the new member, through tenant-service too.
		Accounts.call(member.accessToken(), HttpMethod.GET, "/api/v1/organizations/" + organization, null).expectStatus().isOk();
		List<Map<String, Object>> members = Accounts.call(member.accessToken(), HttpMethod.GET,
				"/api/organizations/" + organization + "/members", null)
			.expectStatus()
			.isOk()
			.expectBody(LIST)
			.returnResult()
			.getResponseBody();
		assertThat(members).extracting(item -> item.get("email")).containsExactly(owner.email(), email);
		// tenant-service's statistics count them at auth-service.
		Accounts.call(member.accessToken(), HttpMethod.GET, "/api/v1/organizations/" + organization + "/stats", null)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.members.total").isEqualTo(2)
			.jsonPath("$.members.by_role.owner").isEqualTo(1)
			.jsonPath("$.members.by_role.member").isEqualTo(1)
			.jsonPath("$.members.pending_invitations").isEqualTo(0);

		Accounts.call(member.accessToken(), HttpMethod.POST, "/api/v1/organizations/" + organization + "/invitations",
				Map.of("email", "x-" + email, "role", "member"))
			.expectStatus()
			.isForbidden();
	}

	@Test
	void anotherOrganizationsMembersAndInvitationsAnswerNotFound() {
		Session owner = Accounts.registerOrganization();
		Session stranger = Accounts.registerOrganization();
		String path = "/api/v1/organizations/" + owner.organizationId();
		String invitationId = String.valueOf(Accounts.call(owner.accessToken(), HttpMethod.POST, path + "/invitations",
				Map.of("email", "someone-" + UUID.randomUUID() + "@example.com", "role", "member"))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id"));

		Accounts.call(stranger.accessToken(), HttpMethod.GET, path + "/members", null).expectStatus().isNotFound();
		Accounts.call(stranger.accessToken(), HttpMethod.PATCH, path + "/members/" + owner.userId(), Map.of("role", "member"))
			.expectStatus()
			.isNotFound();
		Accounts.call(stranger.accessToken(), HttpMethod.GET, path + "/invitations", null).expectStatus().isNotFound();
		Accounts.call(stranger.accessToken(), HttpMethod.DELETE, path + "/invitations/" + invitationId, null).expectStatus()
			.isNotFound();
	}

	@Test
	void anExistingUserAcceptsWithTheSessionAndSwitchesIntoTheSecondOrganization() {
		Session inviter = Accounts.registerOrganization();
		Session existing = Accounts.registerOrganization();
		String organization = inviter.organizationId().toString();
		// The seed frontend's path: POST /api/organizations/{id}/invite.
		String token = Accounts.invite(inviter.accessToken(), "/api/organizations/" + organization + "/invite",
				existing.email(), "member");

		Accounts.call(existing.accessToken(), HttpMethod.POST, "/api/v1/auth/accept-invitation", Map.of("token", token))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.organization_id").isEqualTo(organization)
			.jsonPath("$.user_id").isEqualTo(existing.userId());
		Tokens switched = Accounts.call(existing.accessToken(), HttpMethod.POST, "/api/v1/auth/switch-organization",
				Map.of("organization_id", organization))
			.expectStatus()
			.isOk()
			.expectBody(Tokens.class)
			.returnResult()
			.getResponseBody();
		assertThat(switched.tenantId()).isEqualTo(inviter.organizationId());
		assertThat(switched.tenantName()).isEqualTo(inviter.tokens().tenantName());
		Accounts.call(switched.accessToken(), HttpMethod.GET, "/api/v1/organizations/" + organization, null).expectStatus()
			.isOk();

		// The seed frontend's role change: PUT /api/organizations/{id}/members/{user}.
		Accounts.call(inviter.accessToken(), HttpMethod.PUT,
				"/api/organizations/" + organization + "/members/" + existing.userId(), Map.of("role", "admin"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.role").isEqualTo("admin");
		Accounts.call(existing.accessToken(), HttpMethod.GET, "/api/v1/auth/memberships", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2);
	}

}

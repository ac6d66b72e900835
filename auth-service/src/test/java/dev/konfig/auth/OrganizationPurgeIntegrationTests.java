package dev.konfig.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OD-3, auth-service's part: organization.deleted removes the organization's memberships, API keys,
 * invitations and refresh tokens, then the users it leaves without a membership, once.
 */
class OrganizationPurgeIntegrationTests extends AuthIntegrationTest {

	@Test
	void forgetsADeletedOrganizationAndTheUsersItLeavesWithoutMembership() throws SQLException {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String organization = (String) owner.get("tenant_id");
		Map<String, Object> member = createUser(ownerToken, uniqueEmail(), "member");
		Map<String, Object> elsewhere = registerOwner();
		addMembership(user(elsewhere).get("id"), organization, "admin");
		createKey(ownerToken, "read");
		call(ownerToken, "POST", "/api/v1/organizations/" + organization + "/invitations",
				Map.of("email", uniqueEmail(), "role", "member"))
			.expectStatus()
			.isCreated();
		String refreshToken = (String) login((String) user(elsewhere).get("email"), PASSWORD).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("refresh_token");
		String elsewhereOrganization = (String) elsewhere.get("tenant_id");
		assertThat(count("refresh_tokens", organization)).isEqualTo(1);

		apply(OrganizationEvents.deleted(UUID.fromString(organization), 3));

		for (String table : List.of("memberships", "api_keys", "invitations", "refresh_tokens")) {
			assertThat(count(table, organization)).as(table).isZero();
		}
		assertThat(MemberIntegrationTests.userExists(user(owner).get("id"))).isFalse();
		assertThat(MemberIntegrationTests.userExists(member.get("id"))).isFalse();
		// Someone with another organization keeps the account, the other membership and its session.
		assertThat(MemberIntegrationTests.userExists(user(elsewhere).get("id"))).isTrue();
		login((String) user(elsewhere).get("email"), PASSWORD).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant_id").isEqualTo(elsewhereOrganization);
		this.http.post()
			.uri("/api/v1/auth/refresh")
			.bodyValue(Map.of("refresh_token", refreshToken))
			.exchange()
			.expectStatus()
			.isOk();

		List<Map<String, Object>> purged = OutboxRows.where("auth",
				"payload->>'event_type' = 'memberships.purged' and payload->>'organization_id' = ?", organization);
		assertThat(purged).singleElement().satisfies(event -> {
			assertThat(event).extractingByKey("event_data")
				.isEqualTo(Map.of("memberships", 3, "users", 2, "api_keys", 1, "invitations", 1, "refresh_tokens", 1));
			assertThat(event).extractingByKey("actor").isEqualTo(Map.of("id", "auth-service", "type", "service"));
		});

		// A second deletion event (republished, or replayed under a new id) finds nothing to do.
		apply(OrganizationEvents.deleted(UUID.fromString(organization), 4));
		assertThat(OutboxRows.where("auth",
				"payload->>'event_type' = 'memberships.purged' and payload->>'organization_id' = ?", organization))
			.hasSize(1);
	}

	@Test
	void purgesAnOrganizationTheProjectionHadNeverHeardOf() throws SQLException {
		Map<String, Object> owner = registerOwner();
		UUID unknown = UUID.randomUUID();
		addMembership(user(owner).get("id"), unknown, "member");

		apply(OrganizationEvents.deleted(unknown, 1));

		assertThat(count("memberships", unknown.toString())).isZero();
		assertThat(MemberIntegrationTests.userExists(user(owner).get("id"))).isTrue();
		assertThat(OutboxRows.where("auth",
				"payload->>'event_type' = 'memberships.purged' and payload->>'organization_id' = ?",
				unknown.toString()))
			.singleElement()
			.satisfies(event -> assertThat(event).extractingByKey("event_data")
				.isEqualTo(Map.of("memberships", 1, "users", 0, "api_keys", 0, "invitations", 0, "refresh_tokens", 0)));
	}

	private static long count(String table, String organization) throws SQLException {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement query = connection
					.prepareStatement("select count(*) from auth." + table + " where organization_id = ?")) {
			query.setObject(1, UUID.fromString(organization));
			try (ResultSet row = query.executeQuery()) {
				row.next();
				return row.getLong(1);
			}
		}
	}

}

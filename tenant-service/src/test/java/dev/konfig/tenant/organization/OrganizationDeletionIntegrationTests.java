package dev.konfig.tenant.organization;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/** OD-1, OD-2, OD-5: owners delete an organization and its shops, naming it exactly. */
class OrganizationDeletionIntegrationTests extends TenantIntegrationTest {

	@Test
	void anOwnerDeletesWithTheExactNameOnly() {
		String name = uniqueName("Doomed");
		UUID organization = organization(name);
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		shop(owner, organization, "One");
		shop(owner, organization, "Two");

		delete(owner, organization, null).expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("confirm");
		delete(owner, organization, name.toUpperCase()).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("confirm");
		get(owner, organization).expectStatus().isOk();

		delete(owner, organization, name).expectStatus().isNoContent();
		get(owner, organization).expectStatus().isNotFound();
		this.http.get().uri("/api/v1/organizations/" + organization + "/shops")
			.headers(headers -> headers.setBearerAuth(owner)).exchange()
			.expectBody().json("[]");
		delete(owner, organization, name).expectStatus().isNotFound();

		List<Map<String, Object>> deleted = OutboxRows.where("tenant",
				"payload->>'event_type' = 'organization.deleted' AND payload->>'organization_id' = ?", organization.toString());
		assertThat(deleted).hasSize(1);
		@SuppressWarnings("unchecked")
		Map<String, Object> data = (Map<String, Object>) deleted.get(0).get("event_data");
		assertThat(data).containsEntry("name", name)
			.containsEntry("reason", "deleted_by_owner")
			.containsEntry("shops_deleted", 2)
			.containsEntry("id", organization.toString());

		// The name is free again (OD-5).
		organization(name);
	}

	@Test
	void onlyOwnersMayDeleteAndStrangersSeeNothing() {
		String name = uniqueName("Kept");
		UUID organization = organization(name);
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String stranger = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Elsewhere")), Role.OWNER));
		String key = tokens.apiKey(UUID.randomUUID(), organization, "read", "write");
		delete(admin, organization, name).expectStatus().isForbidden();
		delete(key, organization, name).expectStatus().isForbidden();
		delete(stranger, organization, name).expectStatus().isNotFound();
		get(admin, organization).expectStatus().isOk();
	}

	@Test
	void theOwnershipIsReadAgainAtAuthService() {
		String name = uniqueName("Demoted");
		UUID organization = organization(name);
		UUID user = UUID.randomUUID();
		String token = userToken(user, Map.of(organization, Role.OWNER));
		get(token, organization).expectStatus().isOk();
		// Demoted a moment ago: the cached membership still says owner, auth-service no longer does.
		authService.memberships(token, Map.of(organization, Role.ADMIN));
		delete(token, organization, name).expectStatus().isForbidden();
		get(token, organization).expectStatus().isOk();
	}

	private void shop(String token, UUID organization, String name) {
		this.http.post().uri("/api/v1/organizations/" + organization + "/shops")
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(Map.of("name", name, "platform", "etsy"))
			.exchange()
			.expectStatus().isCreated();
	}

	private WebTestClient.ResponseSpec delete(String token, UUID organization, String confirm) {
		return this.http.delete()
			.uri(builder -> {
				builder.path("/api/v1/organizations/" + organization);
				if (confirm != null) {
					builder.queryParam("confirm", "{confirm}");
				}
				return builder.build(Map.of("confirm", confirm == null ? "" : confirm));
			})
			.headers(headers -> headers.setBearerAuth(token))
			.exchange();
	}

	private WebTestClient.ResponseSpec get(String token, UUID organization) {
		return this.http.get().uri("/api/v1/organizations/" + organization)
			.headers(headers -> headers.setBearerAuth(token)).exchange();
	}

}

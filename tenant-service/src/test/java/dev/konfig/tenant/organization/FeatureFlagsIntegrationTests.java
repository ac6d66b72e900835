package dev.konfig.tenant.organization;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;

import static org.assertj.core.api.Assertions.assertThat;

/** ST-4: feature flags over defaults, merged by admins, read by members and API keys. */
class FeatureFlagsIntegrationTests extends TenantIntegrationTest {

	@Test
	void membersReadTheDefaultsAndAdminsMergeFlags() {
		UUID organization = organization(uniqueName("Flags"));
		String admin = userToken(UUID.randomUUID(), Map.of(organization, Role.ADMIN));
		String key = tokens.apiKey(UUID.randomUUID(), organization, "read");
		get(key, organization).expectStatus().isOk().expectBody().json(
				"{\"features\":{\"mockups\":true,\"print\":true,\"designs\":true,\"orders\":true,\"analytics\":true}}");

		patch(admin, organization, Map.of("features", Map.of("analytics", false, "gang_sheets", true)))
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.features.analytics").isEqualTo(false)
			.jsonPath("$.features.gang_sheets").isEqualTo(true)
			.jsonPath("$.features.print").isEqualTo(true);
		patch(admin, organization, Map.of("features", Map.of("print", false))).expectStatus().isOk();
		get(key, organization).expectStatus().isOk().expectBody()
			.jsonPath("$.features.analytics").isEqualTo(false)
			.jsonPath("$.features.print").isEqualTo(false)
			.jsonPath("$.features.gang_sheets").isEqualTo(true);
		this.http.get().uri("/api/v1/organizations/" + organization).headers(headers -> headers.setBearerAuth(admin))
			.exchange().expectBody().jsonPath("$.settings.features.analytics").isEqualTo(false);

		// Restating a stored flag changes nothing.
		patch(admin, organization, Map.of("features", Map.of("print", false))).expectStatus().isOk();
		assertThat(OutboxRows.where("tenant",
				"payload->>'event_type' = 'organization.updated' AND payload->>'organization_id' = ?",
				organization.toString()))
			.hasSize(2);
	}

	@Test
	void refusesBadFlagsMembersAndStrangers() {
		UUID organization = organization(uniqueName("Strict flags"));
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		String member = userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER));
		String stranger = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Other")), Role.OWNER));
		patch(owner, organization, Map.of("features", Map.of("print", "yes"))).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("features.print");
		patch(owner, organization, Map.of("features", Map.of("Print-Jobs", true))).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("features.Print-Jobs");
		patch(owner, organization, Map.of("features", true)).expectStatus().isBadRequest()
			.expectBody().jsonPath("$.errors[0].field").isEqualTo("features");
		patch(member, organization, Map.of("features", Map.of("print", false))).expectStatus().isForbidden();
		patch(stranger, organization, Map.of("features", Map.of("print", false))).expectStatus().isNotFound();
		get(stranger, organization).expectStatus().isNotFound();
		get(member, organization).expectStatus().isOk().expectBody().jsonPath("$.features.print").isEqualTo(true);
	}

	private WebTestClient.ResponseSpec get(String token, UUID organization) {
		return this.http.get().uri("/api/v1/organizations/" + organization + "/features")
			.headers(headers -> headers.setBearerAuth(token)).exchange();
	}

	private WebTestClient.ResponseSpec patch(String token, UUID organization, Map<String, Object> body) {
		return this.http.patch().uri("/api/v1/organizations/" + organization + "/features")
			.headers(headers -> headers.setBearerAuth(token)).bodyValue(body).exchange();
	}

}

package dev.konfig.tenant.stats;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import dev.konfig.platform.security.Role;
import dev.konfig.tenant.organization.TenantIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ST-1..ST-3 with real peers over HTTP: auth-service and print-service stubs that answer, and a
 * file-service that is down.
 */
class OrganizationStatsIntegrationTests extends TenantIntegrationTest {

	@Test
	void gathersEverySectionAndNamesTheServiceThatIsDown() {
		UUID organization = organization(uniqueName("Stats"));
		String owner = userToken(UUID.randomUUID(), Map.of(organization, Role.OWNER));
		for (Map<String, Object> shop : new Map[] { Map.of("name", "A", "platform", "etsy"),
				Map.of("name", "B", "platform", "shopify"), Map.of("name", "C", "platform", "etsy", "is_active", false) }) {
			this.http.post().uri("/api/v1/organizations/" + organization + "/shops")
				.headers(headers -> headers.setBearerAuth(owner)).bodyValue(shop).exchange()
				.expectStatus().isCreated();
		}
		authService.members(organization, "{\"total\":8,\"active\":7,\"by_role\":{\"owner\":1,\"admin\":2,\"member\":5},"
				+ "\"pending_invitations\":1}");
		printService.item(organization, "\"printer_count\":3,\"active_printer_count\":2,"
				+ "\"print_jobs\":{\"by_status\":{\"pending\":4,\"completed\":210}},"
				+ "\"last_30_days\":{\"created\":120,\"completed\":110,\"failed\":3},\"print_jobs_this_month\":40");

		this.http.get().uri("/api/v1/organizations/" + organization + "/stats")
			.headers(headers -> headers.setBearerAuth(owner))
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "private, max-age=10")
			.expectBody()
			.jsonPath("$.organization_id").isEqualTo(organization.toString())
			.jsonPath("$.generated_at").isNotEmpty()
			.jsonPath("$.members.total").isEqualTo(8)
			.jsonPath("$.members.by_role.admin").isEqualTo(2)
			.jsonPath("$.members.pending_invitations").isEqualTo(1)
			.jsonPath("$.shops.total").isEqualTo(3)
			.jsonPath("$.shops.active").isEqualTo(2)
			.jsonPath("$.shops.by_platform.etsy").isEqualTo(2)
			.jsonPath("$.shops.by_platform.shopify").isEqualTo(1)
			.jsonPath("$.files").isEmpty()
			.jsonPath("$.printers.total").isEqualTo(3)
			.jsonPath("$.printers.active").isEqualTo(2)
			.jsonPath("$.print_jobs.by_status.pending").isEqualTo(4)
			.jsonPath("$.print_jobs.last_30_days.completed").isEqualTo(110)
			.jsonPath("$.unavailable").isEqualTo(java.util.List.of("file-service"));
		assertThat(authService.calls("/internal/usage")).anySatisfy(call -> {
			assertThat(call.body()).contains(organization.toString());
			assertThat(authService.issued(call.authorization())).isTrue();
		});

		// Reused for a few seconds: no peer is asked again.
		int printCalls = printService.calls();
		this.http.get().uri("/api/v1/organizations/" + organization + "/stats")
			.headers(headers -> headers.setBearerAuth(owner))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.shops.total").isEqualTo(3);
		assertThat(printService.calls()).isEqualTo(printCalls);
	}

	@Test
	void aPeerThatKnowsNothingOfTheOrganizationLeavesItsSectionOut() {
		UUID organization = organization(uniqueName("Quiet"));
		String key = tokens.apiKey(UUID.randomUUID(), organization, "read");
		this.http.get().uri("/api/v1/organizations/" + organization + "/stats")
			.headers(headers -> headers.setBearerAuth(key))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.members").isEmpty()
			.jsonPath("$.shops.total").isEqualTo(0)
			.jsonPath("$.unavailable").isEqualTo(java.util.List.of("auth-service", "file-service", "print-service"));
	}

	@Test
	void strangersSeeNothing() {
		UUID organization = organization(uniqueName("Private stats"));
		String stranger = userToken(UUID.randomUUID(), Map.of(organization(uniqueName("Other")), Role.OWNER));
		this.http.get().uri("/api/v1/organizations/" + organization + "/stats")
			.headers(headers -> headers.setBearerAuth(stranger))
			.exchange()
			.expectStatus().isNotFound();
	}

}

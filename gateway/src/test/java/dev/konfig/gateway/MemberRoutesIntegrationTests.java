package dev.konfig.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Members and invitations are auth-service's, though their paths sit under tenant-service's
 * /api/v1/organizations: the more specific routes win, aliases included, and accepting an
 * invitation needs no credentials (its address budget: RateLimitIntegrationTests).
 */
class MemberRoutesIntegrationTests extends GatewayIntegrationTest {

	@ParameterizedTest
	@CsvSource({ "GET, /api/v1/organizations/42/members, /api/v1/organizations/42/members, auth",
			"PUT, /api/v1/organizations/42/members/7, /api/v1/organizations/42/members/7, auth",
			"DELETE, /api/v1/organizations/42/members/7, /api/v1/organizations/42/members/7, auth",
			"GET, /api/v1/organizations/42/invitations, /api/v1/organizations/42/invitations, auth",
			"POST, /api/v1/organizations/42/invitations/9/resend, /api/v1/organizations/42/invitations/9/resend, auth",
			"POST, /api/v1/organizations/42/invite, /api/v1/organizations/42/invite, auth",
			"GET, /api/organizations/42/members, /api/v1/organizations/42/members, auth",
			"PUT, /api/organizations/42/members/7, /api/v1/organizations/42/members/7, auth",
			"POST, /api/organizations/42/invite, /api/v1/organizations/42/invite, auth",
			"POST, /api/v1/auth/accept-invitation, /api/v1/auth/accept-invitation, auth",
			"GET, /api/v1/organizations/42, /api/v1/organizations/42, tenant",
			"GET, /api/v1/organizations/42/settings, /api/v1/organizations/42/settings, tenant",
			"GET, /api/organizations/42/shops, /api/v1/organizations/42/shops, tenant",
			"GET, /api/v1/organizations/42/members-report, /api/v1/organizations/42/members-report, tenant" })
	void routesMembersAndInvitationsToAuthServiceBeforeTheOrganizationsRoute(String method, String path,
			String upstreamPath, String service) {
		StubUpstream expected = service.equals("auth") ? authService : tenantService;
		this.http.method(HttpMethod.valueOf(method))
			.uri(path)
			.headers(headers -> headers.setBearerAuth(userToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path").isEqualTo(upstreamPath)
			.jsonPath("$.method").isEqualTo(method)
			.jsonPath("$.headers.host[0]").isEqualTo(expected.baseUrl().substring("http://".length()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/invitations/accept", "/api/invitations/accept" })
	void passesInvitationAcceptWithoutCredentials(String path) {
		this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"token\":\"kinv_x\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path").isEqualTo("/api/v1/invitations/accept")
			.jsonPath("$.headers.host[0]").isEqualTo(authService.baseUrl().substring("http://".length()))
			.jsonPath("$.headers.authorization").doesNotExist();
	}

	@Test
	void refusesMembersAndInvitationsWithoutCredentials() {
		this.http.get().uri("/api/v1/organizations/42/members").exchange().expectStatus().isUnauthorized();
		this.http.post()
			.uri("/api/v1/organizations/42/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.http.post()
			.uri("/api/v1/auth/accept-invitation")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

}

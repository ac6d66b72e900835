package dev.konfig.gateway;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;

import dev.konfig.platform.security.Role;

/**
 * Where the platform administration paths go: each part to the service that owns its data,
 * under {@code /api/v1/admin/...} and the {@code /api/admin/...} alias. Who may use them is each
 * service's check; the gateway only routes.
 */
class AdminRoutingIntegrationTests extends GatewayIntegrationTest {

	@ParameterizedTest
	@CsvSource({ "/api/v1/admin/users, /api/v1/admin/users, auth",
			"/api/v1/admin/users/42, /api/v1/admin/users/42, auth",
			"/api/admin/users, /api/v1/admin/users, auth",
			"/api/v1/admin/events, /api/v1/admin/events, audit",
			"/api/v1/admin/events/export, /api/v1/admin/events/export, audit",
			"/api/admin/events, /api/v1/admin/events, audit",
			"/api/v1/admin/organizations, /api/v1/admin/organizations, tenant",
			"/api/v1/admin/organizations/7, /api/v1/admin/organizations/7, tenant",
			"/api/admin/organizations/7, /api/v1/admin/organizations/7, tenant",
			"/api/v1/admin/overview, /api/v1/admin/overview, tenant",
			"/api/admin/overview, /api/v1/admin/overview, tenant",
			"/api/v1/admin/health, /api/v1/admin/health, tenant",
			"/api/admin/health, /api/v1/admin/health, tenant" })
	void routesEachAdminPathToTheServiceOwningItsData(String path, String upstreamPath, String service) {
		StubUpstream expected = switch (service) {
			case "auth" -> authService;
			case "tenant" -> tenantService;
			default -> auditService;
		};
		this.http.get()
			.uri(path + "?limit=5")
			.headers(headers -> headers.setBearerAuth(platformAdminToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo(upstreamPath)
			.jsonPath("$.query")
			.isEqualTo("limit=5")
			.jsonPath("$.headers.host[0]")
			.isEqualTo(expected.baseUrl().substring("http://".length()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/admin/users/7", "/api/v1/admin/organizations/7" })
	void passesAdminWritesWithTheirBody(String path) {
		this.http.patch()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(platformAdminToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"is_active\":false}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.method")
			.isEqualTo("PATCH")
			.jsonPath("$.body")
			.isEqualTo("{\"is_active\":false}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/admin", "/api/v1/admin/overview/extra", "/api/v1/admin/nothing" })
	void routesNoOtherAdminPath(String path) {
		this.http.get()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(platformAdminToken()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/admin/users", "/api/v1/admin/events", "/api/v1/admin/organizations",
			"/api/v1/admin/overview", "/api/v1/admin/health" })
	void refusesAdminPathsWithoutAToken(String path) {
		this.http.get().uri(path).exchange().expectStatus().isUnauthorized();
	}

	/** A platform admin's token; the stub auth-service confirms the membership it names. */
	private static String platformAdminToken() {
		return tokens.platformAdmin(UUID.randomUUID(), UUID.randomUUID(), Role.MEMBER);
	}

}

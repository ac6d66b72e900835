package dev.konfig.gateway;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Which service each path reaches, under which path, and which paths reach none. */
class RoutingIntegrationTests extends GatewayIntegrationTest {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@CsvSource({ "/api/v1/auth/me, auth", "/api/v1/users/me, auth", "/api/v1/api-keys, auth",
			"/api/v1/organizations, tenant", "/api/v1/organizations/42/settings, tenant",
			"/api/v1/namespaces, config", "/api/v1/namespaces/payments/configs/timeout, config",
			"/api/v1/namespaces/payments/values, config", "/api/v1/namespaces/payments/watch, config",
			"/api/v1/events, audit", "/api/v1/events/verify, audit" })
	void routesEachPrefixToItsService(String path, String service) {
		StubUpstream expected = switch (service) {
			case "auth" -> authService;
			case "tenant" -> tenantService;
			case "config" -> configService;
			default -> auditService;
		};
		this.http.get()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo(path)
			.jsonPath("$.headers.host[0]")
			.isEqualTo(expected.baseUrl().substring("http://".length()));
	}

	@Test
	void routesLongPollsToConfigServiceWithTheirQuery() {
		this.http.get()
			.uri("/api/namespaces/payments/values?wait=1s&after_version=3")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/api/v1/namespaces/payments/values")
			.jsonPath("$.query")
			.isEqualTo("wait=1s&after_version=3")
			.jsonPath("$.headers.host[0]")
			.isEqualTo(configService.baseUrl().substring("http://".length()));
	}

	@Test
	void routesTheJwksToAuthServiceWithoutCredentials() {
		this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/.well-known/jwks.json")
			.jsonPath("$.headers.host[0]")
			.isEqualTo(authService.baseUrl().substring("http://".length()));
	}

	@ParameterizedTest
	@CsvSource({ "/api/organizations/7/shops, /api/v1/organizations/7/shops",
			"/api/users/me, /api/v1/users/me", "/api/api-keys, /api/v1/api-keys",
			"/api/v1/organizations/7, /api/v1/organizations/7" })
	void servesTheApiAliasAsVersionOne(String path, String upstreamPath) {
		this.http.get()
			.uri(path + "?limit=5")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo(upstreamPath)
			.jsonPath("$.query")
			.isEqualTo("limit=5");
	}

	@Test
	void keepsTheBodyOfAForwardedRequest() {
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"Acme\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.method")
			.isEqualTo("POST")
			.jsonPath("$.body")
			.isEqualTo("{\"name\":\"Acme\"}");
	}

	@Test
	void refusesABodyOverTheSizeLimitWithAProblem() {
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[MAX_REQUEST_SIZE + 1])
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(413);
	}

	@Test
	void passesABodyWithinTheSizeLimit() {
		this.http.post()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(new byte[MAX_REQUEST_SIZE - 1024])
			.exchange()
			.expectStatus()
			.isOk();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/internal/organizations", "/api/internal/organizations",
			"/api/v1/internal/organizations", "/internal/api-keys/exchange", "/fallback/tenant-service",
			"/api/v1/organizations/../../internal/organizations", "/api/v1/organizations/%2e%2e/x" })
	void neverRoutesInternalPathsEvenForAnAuthenticatedCaller(String path) {
		this.http.post()
			.uri(URI.create("http://localhost:" + this.port + path))
			.headers(headers -> headers.setBearerAuth(tokens.service("print-service")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404);
	}

	@Test
	void answersUnknownPathsWithANotFoundProblem() {
		this.http.get()
			.uri("/api/v1/nothing-here")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.instance")
			.isEqualTo("/api/v1/nothing-here");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
			"/api/v1/auth/logout", "/api/auth/login" })
	void passesPublicAuthPathsWithoutCredentials(String path) {
		this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"a@example.com\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo(path.replace("/api/auth/", "/api/v1/auth/"))
			.jsonPath("$.headers.authorization")
			.doesNotExist();
	}

	@ParameterizedTest
	@CsvSource({ "/v3/api-docs/auth, auth", "/v3/api-docs/tenant, tenant" })
	void servesEachServicesApiDocumentWithoutCredentials(String path, String service) {
		StubUpstream expected = service.equals("auth") ? authService : tenantService;
		this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.path")
			.isEqualTo("/v3/api-docs")
			.jsonPath("$.headers.host[0]")
			.isEqualTo(expected.baseUrl().substring("http://".length()));
	}

	@Test
	void listsEveryServiceInTheSwaggerUi() {
		this.http.get()
			.uri("/v3/api-docs/gateway/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.urls[?(@.name == 'auth-service')].url")
			.isEqualTo("/v3/api-docs/auth")
			.jsonPath("$.urls[?(@.name == 'tenant-service')].url")
			.isEqualTo("/v3/api-docs/tenant")
			.jsonPath("$.urls[?(@.name == 'config-service')].url")
			.isEqualTo("/v3/api-docs/config")
			.jsonPath("$.urls[?(@.name == 'audit-service')].url")
			.isEqualTo("/v3/api-docs/audit");
	}

	@Test
	void servesTheSwaggerUiWithoutCredentials() {
		this.http.get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.expectHeader()
			.valueEquals("Location", "/swagger-ui/index.html");
		this.http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
		this.http.get()
			.uri("/swagger-ui/swagger-initializer.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(script -> assertThat(script).contains("/v3/api-docs/gateway/swagger-config"));
	}

	@Test
	void keepsTheBreakerFallbacksOutOfTheGatewaysOwnDocument() {
		this.http.get()
			.uri("/v3/api-docs/gateway")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(document -> assertThat(document).doesNotContain("/fallback/"));
	}

	@Test
	void servesHealthProbesWithoutCredentials() {
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

}

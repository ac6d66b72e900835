package dev.konfig.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

/** What the gateway never does, and what services do even when reached past it. */
class DirectAccessEndToEndTests {

	@ParameterizedTest
	@ValueSource(strings = { "auth-service:/api/v1/users", "tenant-service:/api/v1/organizations" })
	void servicesRefuseDirectCallsWithoutAToken(String target) {
		String[] parts = target.split(":");
		Accounts.direct(parts[0])
			.get()
			.uri(parts[1])
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/internal/organizations", "/api/internal/organizations", "/internal/api-keys/exchange" })
	void internalPathsAreNeverRouted(String path) {
		// Even an authenticated caller finds nothing there.
		String token = Accounts.registerOrganization().accessToken();
		Accounts.gateway()
			.post()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void everyResponseCarriesARequestId() {
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations")
			.header("X-Request-Id", "e2e-request-42")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("X-Request-Id", "e2e-request-42");
	}

	@Test
	void healthIsOpenOnTheGateway() {
		Accounts.gateway().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

}

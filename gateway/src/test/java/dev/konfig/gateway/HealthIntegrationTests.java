package dev.konfig.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * {@code GET /health} answers konfig's clients without credentials, in konfig's shape, and only
 * "healthy" while every service behind the gateway is ready (see
 * {@code UpstreamDownIntegrationTests} for the unhealthy answer).
 */
class HealthIntegrationTests extends GatewayIntegrationTest {

	@Test
	void answersKonfigsHealthWithoutCredentialsWhileEveryServiceIsReady() {
		this.http.get()
			.uri("/health")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody()
			.jsonPath("$.status").isEqualTo("healthy")
			.jsonPath("$.app").isEqualTo("Konfig")
			.jsonPath("$.version").value(version -> org.assertj.core.api.Assertions.assertThat((String) version)
				.isNotBlank()
				.doesNotContain("@")
				.isNotEqualTo("unknown"))
			.jsonPath("$.services.auth-service").isEqualTo("up")
			.jsonPath("$.services.tenant-service").isEqualTo("up")
			.jsonPath("$.services.config-service").isEqualTo("up")
			.jsonPath("$.services.audit-service").isEqualTo("up")
			.jsonPath("$.services.file-service").isEqualTo("up")
			.jsonPath("$.services.print-service").isEqualTo("up");
	}

	@Test
	void ignoresCredentialsSentToIt() {
		this.http.get()
			.uri("/health")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not-a-token")
			.header("X-API-Key", "konfig_unknown")
			.exchange()
			.expectStatus().isOk();
	}

}

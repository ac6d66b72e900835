package dev.konfig.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings that only show under load or over time, checked where they are bound: Gateway
 * 5 silently ignores keys outside {@code spring.cloud.gateway.server.webflux.*}.
 */
class SettingsIntegrationTests extends GatewayIntegrationTest {

	@Autowired
	HttpClientProperties httpClient;

	@Autowired
	ReactiveResilience4JCircuitBreakerFactory circuitBreakers;

	@Test
	void boundsTheUpstreamHttpClient() {
		assertThat(this.httpClient.getConnectTimeout()).isEqualTo(2000);
		assertThat(this.httpClient.getResponseTimeout()).isEqualTo(Duration.ofSeconds(15));
		assertThat(this.httpClient.getPool().getMaxIdleTime()).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.httpClient.getPool().getMaxLifeTime()).isEqualTo(Duration.ofMinutes(5));
		assertThat(this.httpClient.getPool().getMaxConnections()).isEqualTo(500);
		assertThat(this.httpClient.getPool().getAcquireTimeout()).isEqualTo(5000L);
	}

	@Test
	void givesTheCircuitBreakersMoreTimeThanTheResponseTimeout() {
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(this.circuitBreakers.getTimeLimiterRegistry().timeLimiter("tenant-service")
			.getTimeLimiterConfig()
			.getTimeoutDuration()).isGreaterThan(this.httpClient.getResponseTimeout());
	}

}

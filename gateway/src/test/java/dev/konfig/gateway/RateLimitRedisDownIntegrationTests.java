package dev.konfig.gateway;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With Redis unreachable and the default fail-open setting, requests pass and a line is logged. */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "KONFIG_RATE_LIMIT_ADDRESS_RATE=1", "KONFIG_RATE_LIMIT_ADDRESS_BURST=1",
		"KONFIG_RATE_LIMIT_ADDRESS_COST=1" })
class RateLimitRedisDownIntegrationTests extends GatewayIntegrationTest {

	@DynamicPropertySource
	static void unreachableRedis(DynamicPropertyRegistry registry) {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		registry.add("KONFIG_REDIS_PORT", () -> closedPort);
	}

	@Test
	void letsRequestsThroughAndLogsWhileRedisIsUnreachable(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			this.http.post()
				.uri("/api/v1/auth/login")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.doesNotExist("RateLimit-Remaining");
		}
		this.http.get().uri("/api/v1/organizations").headers(headers -> headers.setBearerAuth(userToken()))
			.exchange().expectStatus().isOk();
		assertThat(output).contains("Rate limits cannot be checked: Redis is unreachable; letting requests through");
	}

}

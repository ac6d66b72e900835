package dev.konfig.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway whose services do not answer: a fast 503 problem instead of a hang or a raw error.
 * Its own context, because nothing listens on its upstream port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class UpstreamDownIntegrationTests {

	private static final String DEAD_URL = "http://127.0.0.1:" + freePort();

	@Autowired
	WebTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
		registry.add("KONFIG_AUTH_URL", () -> DEAD_URL);
		registry.add("KONFIG_TENANT_URL", () -> DEAD_URL);
	}

	@Test
	void healthIsUnhealthyWhileARequiredServiceIsDown() {
		this.http.get()
			.uri("/health")
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectBody()
			.jsonPath("$.status").isEqualTo("unhealthy")
			.jsonPath("$.app").isEqualTo("Konfig")
			.jsonPath("$.services.auth-service").isEqualTo("down")
			.jsonPath("$.services.tenant-service").isEqualTo("down");
	}

	/**
	 * With auth-service down a user's membership cannot be confirmed, so the gateway fails closed
	 * before routing (the tenant-service route's own breaker: TenantServiceDownIntegrationTests).
	 */
	@Test
	void answersServiceUnavailableFastWhenAuthServiceCannotConfirmAMembership() {
		String token = TestTokens.get().user(UUID.randomUUID(), UUID.randomUUID(), Role.MEMBER);
		for (int i = 0; i < 15; i++) {
			long started = System.nanoTime();
			this.http.get()
				.uri("/api/organizations")
				.headers(headers -> headers.setBearerAuth(token))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(503)
				.jsonPath("$.instance")
				.isEqualTo("/api/organizations");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		}
	}

	@Test
	void answersServiceUnavailableWhenAuthServiceCannotExchangeAnApiKey() {
		this.http.get()
			.uri("/api/v1/organizations")
			.header("X-API-Key", "konfig_" + UUID.randomUUID().toString().replace("-", ""))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void passesPublicPathsToTheFallbackToo() {
		this.http.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

package dev.konfig.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One service down while auth-service answers (the stub confirms every membership): a fast 503
 * problem from that route's breaker instead of a hang or a raw error. Its own context, because
 * nothing listens on tenant-service's port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class TenantServiceDownIntegrationTests {

	private static final String DEAD_URL = "http://127.0.0.1:" + freePort();

	@Autowired
	WebTestClient http;

	@Autowired
	ReactiveResilience4JCircuitBreakerFactory circuitBreakers;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
		registry.add("KONFIG_AUTH_URL", StubUpstream.auth()::baseUrl);
		registry.add("KONFIG_TENANT_URL", () -> DEAD_URL);
	}

	@Test
	void answersServiceUnavailableWhenTheUpstreamIsDown() {
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
		// Enough failures open the circuit: later calls fail fast without trying the upstream.
		assertThat(this.circuitBreakers.getCircuitBreakerRegistry().circuitBreaker("tenant-service").getState())
			.isEqualTo(CircuitBreaker.State.OPEN);
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

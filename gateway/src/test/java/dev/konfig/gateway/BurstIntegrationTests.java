package dev.konfig.gateway;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst above Spring Cloud's default per-breaker bulkhead (25 calls, no waiting) is served,
 * not answered 503: the gateway turns that bulkhead off and lets its connection pool bound
 * concurrency.
 */
class BurstIntegrationTests extends GatewayIntegrationTest {

	private static final int CALLERS = 60;

	@LocalServerPort
	int port;

	@Test
	void servesMoreConcurrentCallsThanTheDefaultBulkhead() {
		String token = userToken();
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		List<Integer> statuses = Flux.range(0, CALLERS)
			.flatMap(n -> client.get()
				.uri("/api/v1/organizations")
				.headers(headers -> headers.setBearerAuth(token))
				.exchangeToMono(response -> response.releaseBody().then(Mono.just(response.statusCode().value()))),
					CALLERS)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(statuses).hasSize(CALLERS).containsOnly(200);
	}

}

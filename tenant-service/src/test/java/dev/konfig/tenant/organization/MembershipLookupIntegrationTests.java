package dev.konfig.tenant.organization;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.security.Role;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class MembershipLookupIntegrationTests extends TenantIntegrationTest {

	private static final int CALLERS = 40;

	@LocalServerPort
	int port;

	/** More concurrent lookups than Spring Cloud's default bulkhead (25) lets through. */
	@Test
	void servesABurstOfCallersWithoutFailingFast() {
		UUID organization = organization(uniqueName("Busy"));
		List<String> callers = IntStream.range(0, CALLERS)
			.mapToObj(n -> userToken(UUID.randomUUID(), Map.of(organization, Role.MEMBER)))
			.toList();
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		List<Integer> statuses = Flux.fromIterable(callers)
			.flatMap(token -> client.get()
				.uri("/api/v1/organizations/{id}", organization)
				.headers(headers -> headers.setBearerAuth(token))
				.exchangeToMono(response -> response.releaseBody().then(Mono.just(response.statusCode().value()))),
					CALLERS)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(statuses).hasSize(CALLERS).containsOnly(200);
	}

}

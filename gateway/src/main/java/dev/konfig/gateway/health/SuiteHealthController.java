package dev.konfig.gateway.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * {@code GET /health}, public: konfig's answer ({@code {"status": "healthy", "app", "version"}})
 * for the clients and scripts that wait on it, reflecting the suite's readiness rather than the
 * gateway's alone: 503 {@code "unhealthy"} while any required service is not ready, with each
 * service's state under {@code services}. Each service's {@code /actuator/health/readiness} is
 * asked through its platform outbound client; answers are shared for {@code cache-ttl}, so polling
 * this endpoint does not multiply into the services.
 */
@RestController
@EnableConfigurationProperties(SuiteHealthProperties.class)
class SuiteHealthController {

	static final String UP = "up";

	static final String DOWN = "down";

	private final SuiteHealthProperties properties;

	private final OutboundClients outbound;

	private final Mono<Map<String, String>> states;

	SuiteHealthController(SuiteHealthProperties properties, OutboundClients outbound) {
		this.properties = properties;
		this.outbound = outbound;
		this.states = probeAll().cache(states -> properties.cacheTtl(), failure -> Duration.ZERO,
				() -> Duration.ZERO);
	}

	@GetMapping("/health")
	Mono<ResponseEntity<Map<String, Object>>> health() {
		return this.states.map(services -> {
			boolean healthy = services.values().stream().allMatch(UP::equals);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", healthy ? "healthy" : "unhealthy");
			body.put("app", this.properties.app());
			body.put("version", this.properties.version());
			body.put("services", services);
			return ResponseEntity.status(healthy ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
				.cacheControl(CacheControl.noStore())
				.body(body);
		});
	}

	private Mono<Map<String, String>> probeAll() {
		return Flux.fromIterable(this.properties.services())
			.flatMapSequential(service -> probe(service).map(state -> Map.entry(service, state)))
			.collectList()
			.map(entries -> {
				Map<String, String> states = new LinkedHashMap<>();
				entries.forEach(entry -> states.put(entry.getKey(), entry.getValue()));
				return states;
			});
	}

	/** {@code up} only for a 2xx readiness answer in time; anything else, including an open breaker, is {@code down}. */
	private Mono<String> probe(String service) {
		return Mono.defer(() -> this.outbound.client(service)
			.web()
			.get()
			.uri("/actuator/health/readiness")
			.retrieve()
			.toBodilessEntity())
			.timeout(this.properties.timeout())
			.map(response -> UP)
			.onErrorReturn(DOWN);
	}

}

package dev.konfig.tenant.stats;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.web.outbound.OutboundClient;
import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.tenant.system.StatsProperties;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/usage} of the services that count an organization's things, asked as
 * tenant-service itself (client credentials), each through its one outbound client. A call is
 * never retried and waits at most the stats peer timeout; whatever goes wrong (not deployed, down,
 * slow, open circuit, refused), the answer is "unavailable", never an error.
 */
@Component
class UsagePeers {

	private static final Logger log = LoggerFactory.getLogger(UsagePeers.class);

	/** The peers, named as their outbound clients and as {@code unavailable} names them. */
	static final String AUTH = "auth-service";

	static final String FILE = "file-service";

	static final String PRINT = "print-service";

	private final OutboundClients outbound;

	private final ServiceCredentials credentials;

	private final Duration timeout;

	UsagePeers(OutboundClients outbound, ServiceCredentials credentials, StatsProperties properties) {
		this.outbound = outbound;
		this.credentials = credentials;
		this.timeout = properties.peerTimeout();
	}

	/** What {@code /internal/usage} answers: one item per organization asked about. */
	record Usage(List<Map<String, Object>> items) {
	}

	/**
	 * The peer's item for the organization; empty when the peer is not configured, does not
	 * answer in time, fails, or leaves the organization out.
	 */
	Mono<Optional<Map<String, Object>>> usageOf(String peer, UUID organizationId) {
		if (!configured(peer)) {
			return Mono.just(Optional.empty());
		}
		OutboundClient client = this.outbound.client(peer);
		WebClient asService = client.web().mutate().filter(this.credentials.filter()).build();
		Mono<Usage> call = asService.post()
			.uri("/internal/usage")
			.bodyValue(Map.of("organization_ids", List.of(organizationId)))
			.retrieve()
			.bodyToMono(Usage.class)
			.timeout(this.timeout);
		return client.protect(call)
			.map(usage -> itemFor(usage, organizationId))
			.defaultIfEmpty(Optional.empty())
			.onErrorResume(failure -> {
				log.debug("{} usage unavailable: {}", peer, failure.toString());
				return Mono.just(Optional.empty());
			});
	}

	private boolean configured(String peer) {
		String baseUrl = this.outbound.settings(peer).baseUrl();
		return baseUrl != null && !baseUrl.isBlank();
	}

	private static Optional<Map<String, Object>> itemFor(Usage usage, UUID organizationId) {
		if (usage.items() == null) {
			return Optional.empty();
		}
		return usage.items()
			.stream()
			.filter(item -> item != null && organizationId.toString().equals(String.valueOf(item.get("organization_id"))))
			.findFirst();
	}

}

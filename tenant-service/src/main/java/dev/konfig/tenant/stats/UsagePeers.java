package dev.konfig.tenant.stats;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.web.ServiceUnavailableException;
import dev.konfig.platform.web.outbound.OutboundClient;
import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.tenant.system.StatsProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/usage} of the services that count organizations' things, asked as
 * tenant-service itself (client credentials), each through its one outbound client, in batches
 * of at most {@value #BATCH} ids. The one way tenant-service asks for usage: the organization
 * stats and the admin views both use it.
 */
@Component
public class UsagePeers {

	private static final Logger log = LoggerFactory.getLogger(UsagePeers.class);

	/** The peers, named as their outbound clients and as {@code unavailable} names them. */
	public static final String AUTH = "auth-service";

	public static final String FILE = "file-service";

	public static final String PRINT = "print-service";

	/** The most organization ids one call carries. */
	public static final int BATCH = 100;

	private final OutboundClients outbound;

	private final ServiceCredentials credentials;

	private final Duration timeout;

	private final JsonMapper json;

	UsagePeers(OutboundClients outbound, ServiceCredentials credentials, StatsProperties properties, JsonMapper json) {
		this.outbound = outbound;
		this.credentials = credentials;
		this.timeout = properties.peerTimeout();
		this.json = json;
	}

	/** Whether this deployment has the service at all (its client has a base URL). */
	public boolean configured(String peer) {
		String baseUrl = this.outbound.settings(peer).baseUrl();
		return baseUrl != null && !baseUrl.isBlank();
	}

	/**
	 * The peer's item for each organization it answered for. Fails when the peer is not
	 * configured, does not answer in time or refuses; never retried.
	 */
	public Mono<Map<UUID, JsonNode>> usage(String peer, Collection<UUID> organizationIds) {
		if (!configured(peer)) {
			return Mono.error(new ServiceUnavailableException(peer + " is not configured"));
		}
		OutboundClient client = this.outbound.client(peer);
		WebClient asService = client.web().mutate().filter(this.credentials.filter()).build();
		return Flux.fromIterable(organizationIds)
			.buffer(BATCH)
			.concatMap(batch -> client.protect(asService.post()
				.uri("/internal/usage")
				.bodyValue(Map.of("organization_ids", batch))
				.retrieve()
				.bodyToMono(JsonNode.class)
				.timeout(this.timeout)))
			.flatMapIterable(body -> body.path("items"))
			.filter(item -> item.hasNonNull("organization_id"))
			.collect(HashMap<UUID, JsonNode>::new,
					(items, item) -> items.put(UUID.fromString(item.get("organization_id").asString()), item))
			.map(items -> (Map<UUID, JsonNode>) items);
	}

	/**
	 * The peer's item for one organization; empty when the peer is not configured, does not
	 * answer in time, fails, or leaves the organization out: never an error.
	 */
	@SuppressWarnings("unchecked")
	Mono<Optional<Map<String, Object>>> usageOf(String peer, UUID organizationId) {
		return usage(peer, List.of(organizationId))
			.map(items -> Optional.ofNullable(items.get(organizationId))
				.map(item -> (Map<String, Object>) this.json.convertValue(item, Map.class)))
			.onErrorResume(failure -> {
				log.debug("{} usage unavailable: {}", peer, failure.toString());
				return Mono.just(Optional.empty());
			});
	}

}

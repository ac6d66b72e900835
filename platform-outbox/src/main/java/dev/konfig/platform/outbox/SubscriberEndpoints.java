package dev.konfig.platform.outbox;

import java.util.Map;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * The relay's only HTTP code: one platform outbound client per subscriber (named
 * {@code events-<subscriber>}, so its timeouts and pool are {@code konfig.http.clients.events-<subscriber>.*}),
 * posting a batch to {@code POST {url}/internal/events} with the service's bearer token. The
 * client never retries a POST; the relay's own backoff does.
 */
class SubscriberEndpoints {

	private final Map<String, WebClient> clients;

	SubscriberEndpoints(OutboundClients outbound, OutboxProperties properties) {
		this.clients = properties.subscribers()
			.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> outbound.client("events-" + entry.getKey())
				.web()
				.mutate()
				// The URL may list the subscriber's replicas: the client balances over them.
				.baseUrl(outbound.address("events-" + entry.getKey(), entry.getValue().url().toString()))
				.build()));
	}

	/** Completes on a 2xx answer; errors on anything else (the relay bounds the time). */
	Mono<Void> post(String subscriber, String batch, String token) {
		WebClient client = this.clients.get(subscriber);
		if (client == null) {
			return Mono.error(new IllegalStateException("No subscriber named " + subscriber));
		}
		return client.post()
			.uri("/internal/events")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch)
			.retrieve()
			.toBodilessEntity()
			.then();
	}

}

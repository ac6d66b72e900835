package dev.konfig.platform.outbox;

import java.util.Map;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The relay's only HTTP code: one client per subscriber, posting a batch to
 * {@code POST {url}/internal/events} with the service's bearer token. Kept apart so the
 * platform's outbound client factory can replace the {@code WebClient.Builder} in one place.
 */
class SubscriberEndpoints {

	private final Map<String, WebClient> clients;

	SubscriberEndpoints(WebClient.Builder http, OutboxProperties properties) {
		this.clients = properties.subscribers()
			.entrySet()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
					entry -> http.clone().baseUrl(entry.getValue().url().toString()).build()));
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

package dev.konfig.platform.web.outbound;

import java.net.URI;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpResponse;

/**
 * The outbound clients' connector: a request written to a balanced peer's address goes to the
 * next instance of its {@link PeerGroup} in service. An instance that refuses the connection is
 * left out and the request goes, once, to another instance whatever its method: it never left
 * this service. Failures after the connection existed are {@link IdempotentRetryFilter}'s to
 * judge; its retry comes back here and so meets the next instance.
 */
final class BalancingConnector implements ClientHttpConnector {

	private final ClientHttpConnector delegate;

	private final PeerGroups peers;

	BalancingConnector(ClientHttpConnector delegate, PeerGroups peers) {
		this.delegate = delegate;
		this.peers = peers;
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		PeerGroup group = this.peers.balancing(uri);
		if (group == null) {
			return this.delegate.connect(method, uri, requestCallback);
		}
		return attempt(group, method, uri, requestCallback, true);
	}

	private Mono<ClientHttpResponse> attempt(PeerGroup group, HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback, boolean mayRetry) {
		return this.peers.choose(group)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(group.getServiceId() + " has no instance")))
			.flatMap(instance -> this.delegate.connect(method, on(uri, instance), requestCallback)
				.onErrorResume(PeerGroups::isConnectFailure, failure -> {
					group.markOut(instance.getInstanceId());
					if (mayRetry && group.available().stream().anyMatch(other -> other != instance)) {
						return attempt(group, method, uri, requestCallback, false);
					}
					return Mono.error(failure);
				}));
	}

	/** The same URI on this instance's host and port. */
	static URI on(URI uri, ServiceInstance instance) {
		String prefix = uri.getScheme() + "://" + uri.getRawAuthority();
		String rest = uri.toString().substring(prefix.length());
		return URI.create(uri.getScheme() + "://" + instance.getInstanceId() + rest);
	}

}

package dev.konfig.platform.web.outbound;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.lang.Nullable;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.konfig.platform.web.KonfigException;
import dev.konfig.platform.web.ServiceUnavailableException;

/**
 * The client of one peer service, from {@link OutboundClients#client(String)}: a
 * {@link #web() WebClient} with the peer's base URL, timeouts, pool, request id and trace
 * propagation and retries of idempotent requests, and {@link #protect(Mono)}, which runs a
 * call under the peer's circuit breaker, time limit and (if configured) bulkhead.
 *
 * <pre>{@code
 * Mono<Organization> organization = this.tenant.protect(this.tenant.web().get()
 *     .uri("/internal/organizations/{id}", id)
 *     .retrieve()
 *     .bodyToMono(Organization.class));
 * }</pre>
 */
public final class OutboundClient {

	private static final Logger log = LoggerFactory.getLogger(OutboundClient.class);

	private final String name;

	private final WebClient web;

	private final CircuitBreaker breaker;

	@Nullable
	private final Bulkhead bulkhead;

	private final Duration timeLimit;

	OutboundClient(String name, WebClient web, CircuitBreaker breaker, @Nullable Bulkhead bulkhead,
			Duration timeLimit) {
		this.name = name;
		this.web = web;
		this.breaker = breaker;
		this.bulkhead = bulkhead;
		this.timeLimit = timeLimit;
	}

	/** The name the client was asked for, also its breaker's name. */
	public String name() {
		return this.name;
	}

	/**
	 * The WebClient of this peer. Add filters with {@code web().mutate().filter(...).build()}
	 * (for example {@code ServiceCredentials#filter()}); the copy keeps the pool and retries.
	 */
	public WebClient web() {
		return this.web;
	}

	/** This client's breaker, for health and metrics. */
	public CircuitBreaker circuitBreaker() {
		return this.breaker;
	}

	/**
	 * Runs the call under this peer's breaker; when the peer cannot serve it (connect error,
	 * timeout, 5xx, open circuit, bulkhead full) the result is a {@link ServiceUnavailableException}
	 * (503) naming the peer.
	 * @see #protect(Mono, Supplier)
	 */
	public <T> Mono<T> protect(Mono<T> call) {
		return protect(call, () -> new ServiceUnavailableException(this.name + " is unavailable; try again shortly"));
	}

	/**
	 * Runs the call under this peer's breaker, time limit and bulkhead, and says what its failure
	 * means to the caller:
	 * <ul>
	 * <li>a {@link KonfigException} the call raised (the caller's own mapping of an answer)
	 * passes unchanged;</li>
	 * <li>a 4xx answer the call did not map becomes a {@link PeerRejectionException}, a problem
	 * with the same status and the peer's detail, except 401, 403 and 407, which refuse this
	 * service's own credentials and so become {@code unavailable}'s exception. A 4xx is the peer's
	 * verdict on this request, so it counts as a success of the peer, never as a failure;</li>
	 * <li>anything else (connect error, timeout, 5xx, open circuit, bulkhead full) becomes
	 * {@code unavailable}'s exception, at once when the circuit is open.</li>
	 * </ul>
	 * Retries are not this method's business: the {@link #web() WebClient} already retried what
	 * was safe to retry.
	 */
	public <T> Mono<T> protect(Mono<T> call, Supplier<? extends RuntimeException> unavailable) {
		Mono<T> guarded = call.timeout(this.timeLimit).transform(CircuitBreakerOperator.of(this.breaker));
		if (this.bulkhead != null) {
			guarded = guarded.transform(BulkheadOperator.of(this.bulkhead));
		}
		return guarded.onErrorMap(failure -> translate(failure, unavailable));
	}

	private Throwable translate(Throwable failure, Supplier<? extends RuntimeException> unavailable) {
		if (failure instanceof KonfigException) {
			return failure;
		}
		if (failure instanceof WebClientResponseException response && response.getStatusCode().is4xxClientError()) {
			int status = response.getStatusCode().value();
			if (status == 401 || status == 403 || status == 407) {
				// The peer refused this service's own credentials (a caller's relayed token is the
				// caller's to map): the client did nothing wrong, so it is told the peer is unavailable.
				log.warn("{} refused this service's credentials ({})", this.name, status);
				return unavailable.get();
			}
			return PeerRejectionException.of(this.name, response);
		}
		if (OutboundClients.isClientError(failure)) {
			return failure;
		}
		if (failure instanceof CallNotPermittedException || failure instanceof BulkheadFullException) {
			log.debug("{} call refused at once: {}", this.name, failure.getMessage());
		}
		else {
			log.warn("{} call failed: {}", this.name, failure.toString());
		}
		return unavailable.get();
	}

}

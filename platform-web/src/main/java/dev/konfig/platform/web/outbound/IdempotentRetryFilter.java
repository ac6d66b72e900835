package dev.konfig.platform.web.outbound;

import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Repeats a request that may safely run twice when the peer could not answer it: a connect
 * error, a response timeout, a dropped connection or a 5xx. It sits in the client itself, where
 * the request's method is known, so no caller can retry a POST by mistake (one carrying an
 * {@code Idempotency-Key} is retried: the peer answers the repeat with the first result); a 4xx is the peer's
 * verdict and is never repeated. The last attempt's answer, 5xx included, reaches the caller
 * unchanged.
 */
final class IdempotentRetryFilter implements ExchangeFilterFunction {

	/** A request carrying one may run twice: the peer answers the repeat with the first result. */
	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final OutboundProperties.Retry settings;

	private final Set<HttpMethod> methods;

	IdempotentRetryFilter(OutboundProperties.Retry settings) {
		this.settings = settings;
		this.methods = Set.copyOf(settings.methods());
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		int retries = this.settings.maxRetries();
		if (retries == 0 || !(this.methods.contains(request.method())
				|| request.headers().containsHeader(IDEMPOTENCY_KEY))) {
			return next.exchange(request);
		}
		AtomicInteger attempts = new AtomicInteger();
		return Mono.defer(() -> {
			boolean last = attempts.incrementAndGet() > retries;
			return next.exchange(request).flatMap(response -> {
				if (!last && response.statusCode().is5xxServerError()) {
					return response.releaseBody().then(Mono.error(new ServerErrorAnswer(response.statusCode())));
				}
				return Mono.just(response);
			});
		})
			.retryWhen(Retry.backoff(retries, this.settings.firstBackoff())
				.maxBackoff(this.settings.maxBackoff())
				.jitter(this.settings.jitter())
				.filter(IdempotentRetryFilter::isTransient)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

	/** Failures where the peer gave no verdict, so another attempt may succeed. */
	static boolean isTransient(Throwable failure) {
		return failure instanceof ServerErrorAnswer || failure instanceof WebClientRequestException
				|| failure instanceof TimeoutException;
	}

	/** A 5xx that will be retried; never seen outside this filter. */
	static final class ServerErrorAnswer extends RuntimeException {

		ServerErrorAnswer(HttpStatusCode status) {
			super("answered " + status.value(), null, false, false);
		}

	}

}

package dev.konfig.gateway.system;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import dev.konfig.platform.web.KonfigException;
import dev.konfig.platform.web.ProblemResponseWriter;

/**
 * Every error the gateway makes itself (no route, auth-service unreachable during an API key
 * exchange, an upstream failing outside a circuit breaker) is a problem+json answer with a
 * safe detail. Runs before Spring Boot's error handler, which would answer plain JSON.
 */
@Component
class GatewayProblemHandler implements WebExceptionHandler, Ordered {

	private static final Logger log = LoggerFactory.getLogger(GatewayProblemHandler.class);

	private final ProblemResponseWriter problems;

	GatewayProblemHandler(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		return -2;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		if (ex instanceof KonfigException konfig) {
			exchange.getResponse().getHeaders().addAll(konfig.headers());
			return this.problems.write(exchange, konfig.status(), konfig.getMessage());
		}
		if (ex instanceof ResponseStatusException status) {
			return this.problems.write(exchange, status.getStatusCode(), detail(status.getStatusCode()));
		}
		if (ex instanceof CallNotPermittedException || hasCause(ex, ConnectException.class)) {
			return this.problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE,
					"The service is unavailable; try again later");
		}
		if (hasCause(ex, TimeoutException.class)) {
			return this.problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "The service did not answer in time");
		}
		log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath().value(), ex);
		return this.problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; the request id identifies it in the logs");
	}

	private static String detail(HttpStatusCode status) {
		if (status.value() == HttpStatus.NOT_FOUND.value()) {
			return "No route matches this path";
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "The request failed";
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}

package dev.konfig.gateway.routing;

import java.util.List;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.web.Problems;

/**
 * Where each route's circuit breaker forwards when its upstream fails or its circuit is open:
 * a fast problem answer instead of a hanging or raw error. Reached only by the gateway's own
 * forward; clients get 404 for {@code /fallback/**}.
 */
@RestController
class FallbackController {

	private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

	@RequestMapping("/fallback/{service}")
	ResponseEntity<ProblemDetail> fallback(@PathVariable String service, ServerWebExchange exchange) {
		Throwable failure = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
		String detail = "The " + service + " is unavailable; try again later";
		if (isTimeout(failure)) {
			status = HttpStatus.GATEWAY_TIMEOUT;
			detail = "The " + service + " did not answer in time";
		}
		if (!(failure instanceof CallNotPermittedException)) {
			log.warn("Upstream {} failed: {}", service, String.valueOf(failure));
		}
		ProblemDetail problem = Problems.of(status, detail, originalPath(exchange), List.of());
		return ResponseEntity.status(status).contentType(Problems.PROBLEM_JSON).body(problem);
	}

	private static boolean isTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException
					|| cause.getClass().getSimpleName().equals("ReadTimeoutException")) {
				return true;
			}
		}
		return false;
	}

	private static String originalPath(ServerWebExchange exchange) {
		String clientPath = exchange.getAttribute(UnroutablePathsWebFilter.CLIENT_PATH_ATTRIBUTE);
		return (clientPath != null) ? clientPath : exchange.getRequest().getPath().value();
	}

}

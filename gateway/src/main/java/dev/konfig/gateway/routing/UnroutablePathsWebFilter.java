package dev.konfig.gateway.routing;

import java.util.Locale;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.konfig.platform.web.ProblemResponseWriter;

/**
 * Answers 404 for paths the gateway never routes, before authentication, so that even a
 * caller with a valid token learns nothing about them: the services' {@code /internal/**}
 * endpoints (directly or through the {@code /api/} alias), the circuit breakers' fallback
 * endpoints, and paths with dot segments or encoded dots or slashes, which an upstream could
 * resolve to a path other than the one the gateway matched. It also remembers the client's
 * path, which problem answers name as their instance.
 */
@Component
class UnroutablePathsWebFilter implements WebFilter, Ordered {

	static final String NOT_FOUND_DETAIL = "No route matches this path";

	/** The path as the client sent it, before any rewrite or fallback forward. */
	static final String CLIENT_PATH_ATTRIBUTE = UnroutablePathsWebFilter.class.getName() + ".clientPath";

	private static final Pattern UNROUTABLE = Pattern
		.compile("^/(api/(v1/)?)?(internal|fallback)(/.*)?$|(^|/)\\.\\.?(/|$)|%2e|%2f|%5c|\\\\");

	private final ProblemResponseWriter problems;

	UnroutablePathsWebFilter(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		// Right after the request id filter, before Spring Security's chain.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String rawPath = exchange.getRequest().getURI().getRawPath();
		if (rawPath != null && UNROUTABLE.matcher(rawPath.toLowerCase(Locale.ROOT)).find()) {
			return this.problems.write(exchange, HttpStatus.NOT_FOUND, NOT_FOUND_DETAIL);
		}
		exchange.getAttributes().put(CLIENT_PATH_ATTRIBUTE, exchange.getRequest().getPath().value());
		return chain.filter(exchange);
	}

}

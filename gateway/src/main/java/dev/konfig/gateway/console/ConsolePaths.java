package dev.konfig.gateway.console;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * Which requests belong to the console: a GET or HEAD whose path is not one of the suite's own
 * (the API, its documentation, actuator, JWKS, health). Everything else keeps its behaviour.
 */
final class ConsolePaths {

	/** Path prefixes that are never the console's, whatever follows them. */
	static final List<String> RESERVED = List.of("/api/", "/v3/", "/swagger-ui", "/webjars/", "/actuator/",
			"/.well-known/", "/internal/", "/fallback/");

	/** Whole paths that are never the console's. */
	static final List<String> RESERVED_EXACT = List.of("/api", "/v3", "/actuator", "/health", "/internal",
			"/fallback");

	static final ServerWebExchangeMatcher MATCHER = exchange -> matches(exchange)
			? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();

	private ConsolePaths() {
	}

	static boolean matches(ServerWebExchange exchange) {
		HttpMethod method = exchange.getRequest().getMethod();
		if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
			return false;
		}
		return isConsolePath(exchange.getRequest().getPath().pathWithinApplication().value());
	}

	static boolean isConsolePath(String path) {
		if (RESERVED_EXACT.contains(path)) {
			return false;
		}
		for (String prefix : RESERVED) {
			if (path.startsWith(prefix)) {
				return false;
			}
		}
		return true;
	}

}

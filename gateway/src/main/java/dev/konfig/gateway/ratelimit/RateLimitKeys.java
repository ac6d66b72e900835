package dev.konfig.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.konfig.gateway.apikey.ApiKeyAuthenticationWebFilter;
import dev.konfig.platform.security.KonfigAuthentication;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PrincipalType;

/**
 * Whose budget a request spends: its API key's (by the key's hash, which the API key filter
 * leaves on the exchange), its user's in its organization, or, on the anonymous endpoints, its
 * client address as the gateway's socket sees it (never a client-sent forwarding header, which
 * anyone can vary). Other anonymous requests have no key and are not limited here.
 */
class RateLimitKeys implements KeyResolver {

	static final String API_KEY = "api-key";

	static final String USER = "user";

	static final String ADDRESS = "address";

	private final String prefix;

	private final List<PathPattern> anonymousPaths;

	RateLimitKeys(RateLimitProperties properties) {
		this.prefix = properties.keyPrefix();
		this.anonymousPaths = properties.anonymousPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		return exchange.getPrincipal()
			.filter(KonfigAuthentication.class::isInstance)
			.map(authentication -> ((KonfigAuthentication) authentication).getPrincipal())
			.mapNotNull(principal -> ofPrincipal(principal, exchange))
			.switchIfEmpty(Mono.fromSupplier(() -> ofAddress(exchange)));
	}

	/** The kind of budget in a key this resolver made. */
	String kindOf(String key) {
		String kind = key.substring(this.prefix.length() + 1);
		return kind.substring(0, kind.indexOf(':'));
	}

	private String ofPrincipal(KonfigPrincipal principal, ServerWebExchange exchange) {
		if (principal.type() == PrincipalType.API_KEY) {
			String hash = exchange.getAttribute(ApiKeyAuthenticationWebFilter.API_KEY_HASH_ATTRIBUTE);
			return key(API_KEY, (hash != null) ? hash : principal.subject());
		}
		if (principal.type() == PrincipalType.USER) {
			return key(USER, principal.subject() + ":" + principal.organizationId());
		}
		return null;
	}

	private String ofAddress(ServerWebExchange exchange) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		InetSocketAddress client = exchange.getRequest().getRemoteAddress();
		if (client == null || client.getAddress() == null
				|| this.anonymousPaths.stream().noneMatch(pattern -> pattern.matches(path))) {
			return null;
		}
		return key(ADDRESS, client.getAddress().getHostAddress());
	}

	private String key(String kind, String value) {
		return this.prefix + ":" + kind + ":" + value;
	}

}

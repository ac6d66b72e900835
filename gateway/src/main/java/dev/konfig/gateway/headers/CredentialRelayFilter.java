package dev.konfig.gateway.headers;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.gateway.apikey.ApiKeyAuthenticationWebFilter;
import dev.konfig.platform.security.KonfigAuthentication;

/**
 * Services see exactly one credential: the bearer token the gateway verified (the client's,
 * or the one minted for its API key). Anything else a client sent as a credential is dropped,
 * also on public paths, so no unverified credential ever travels past the gateway.
 */
@Component
class CredentialRelayFilter implements GlobalFilter, Ordered {

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return exchange.getPrincipal()
			.filter(KonfigAuthentication.class::isInstance)
			.map(authentication -> Optional.of(((KonfigAuthentication) authentication).getToken().getTokenValue()))
			.defaultIfEmpty(Optional.empty())
			.flatMap(token -> chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
				headers.remove(ApiKeyAuthenticationWebFilter.HEADER);
				headers.remove(HttpHeaders.AUTHORIZATION);
				token.ifPresent(headers::setBearerAuth);
			})).build()));
	}

}

package dev.konfig.platform.web;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id} (kept when the client sent a sane one), echoes
 * it on the response, forwards it on the request (so a proxy passes it on) and puts it in the
 * Reactor context, from where the logging MDC and outgoing WebClient calls pick it up.
 */
public class RequestIdWebFilter implements WebFilter, Ordered {

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String requestId = RequestIds.accept(exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER));
		ServerHttpRequest request = exchange.getRequest()
			.mutate()
			.headers(headers -> headers.set(RequestIds.HEADER, requestId))
			.build();
		exchange.getResponse().getHeaders().set(RequestIds.HEADER, requestId);
		return chain.filter(exchange.mutate().request(request).build())
			.contextWrite(context -> context.put(RequestIds.CONTEXT_KEY, requestId));
	}

}

package dev.konfig.platform.web;

import java.net.InetSocketAddress;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Puts the original client's address and user agent into the Reactor context, for
 * {@link RequestOrigin#current()}. The address is the first {@code X-Forwarded-For} entry: the
 * gateway removes every client-sent forwarding header and sets its own, so a client cannot
 * forge it; a request reaching the service directly falls back to the socket's peer. It also
 * puts the application's {@link ActorResolver} there, so the origin names the caller.
 */
public class RequestOriginWebFilter implements WebFilter, Ordered {

	private static final int MAX_USER_AGENT = 512;

	private final ActorResolver actors;

	public RequestOriginWebFilter() {
		this(ActorResolver.NONE);
	}

	public RequestOriginWebFilter(ActorResolver actors) {
		this.actors = actors;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		RequestOrigin origin = of(exchange.getRequest());
		return chain.filter(exchange)
			.contextWrite(context -> context.put(RequestOrigin.class, origin).put(ActorResolver.class, this.actors));
	}

	static RequestOrigin of(ServerHttpRequest request) {
		String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
		String ip = null;
		if (forwarded != null && !forwarded.isBlank()) {
			ip = forwarded.split(",", 2)[0].trim();
		}
		else {
			InetSocketAddress remote = request.getRemoteAddress();
			if (remote != null && remote.getAddress() != null) {
				ip = remote.getAddress().getHostAddress();
			}
		}
		String userAgent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
		if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
			userAgent = userAgent.substring(0, MAX_USER_AGENT);
		}
		return new RequestOrigin(ip, userAgent, null, null);
	}

}

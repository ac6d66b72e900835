package dev.konfig.gateway.routing;

import java.io.IOException;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.web.outbound.PeerGroups;

/**
 * Sends a request once more, to another replica, when the first could not have been acted on:
 * <ul>
 * <li>the connection was refused or timed out: nothing was sent, so any method goes again;</li>
 * <li>the connection closed before any response byte: the replica may have acted, so only a
 * GET or HEAD goes again, or a request with an {@code Idempotency-Key} whose body is small enough
 * to keep ({@value #MAX_KEPT_BODY} bytes, with a {@code Content-Length}): the services store the key
 * in the write's own transaction, so the repeat either finds the first write committed and gets
 * its answer, or finds it rolled back and does it (docs/decisions.md, "Replicas").</li>
 * </ul>
 * Either way the replica is left out of balancing until its readiness probe answers again.
 * Never after a response began, never more than once, only on {@code lb://} routes. It sits just
 * before the route's URL is resolved, so the repeat is balanced anew; the route's circuit breaker
 * sees only the outcome.
 */
@Component
class ReplicaRetryFilter implements GlobalFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(ReplicaRetryFilter.class);

	private static final Set<HttpMethod> REPEATABLE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

	/** The largest keyed body kept in memory so it can be sent again. */
	static final long MAX_KEPT_BODY = 256 * 1024;

	private static final String KEPT = ReplicaRetryFilter.class.getName() + ".kept";

	private final PeerGroups peers;

	ReplicaRetryFilter(OutboundClients outbound) {
		this.peers = outbound.peers();
	}

	@Override
	public int getOrder() {
		return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !"lb".equals(route.getUri().getScheme())) {
			return chain.filter(exchange);
		}
		if (keyed(exchange.getRequest())) {
			// Kept whole (released by the gateway's RemoveCachedBodyFilter), so a repeat can send it again.
			return ServerWebExchangeUtils.cacheRequestBody(exchange, kept -> {
				ServerWebExchange keeping = exchange.mutate().request(kept).build();
				keeping.getAttributes().put(KEPT, Boolean.TRUE);
				return once(keeping, chain);
			});
		}
		return once(exchange, chain);
	}

	private Mono<Void> once(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange).onErrorResume(failure -> repeatable(exchange, failure), failure -> {
			Response<ServiceInstance> chosen = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
			String instance = (chosen != null && chosen.hasServer()) ? chosen.getServer().getInstanceId() : "?";
			// Left out until its readiness probe answers again, whether it refused the connection or
			// dropped it: a replica that drops connections is most likely going away, and the repeat
			// must not land on it again (it did under kill -9, and the read failed).
			if (chosen != null && chosen.hasServer()) {
				this.peers.markOut(chosen.getServer().getServiceId(), instance);
			}
			log.info("{} {} failed on {} ({}); repeating it on another replica", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), instance, failure.toString());
			ServerWebExchangeUtils.reset(exchange);
			exchange.getAttributes().remove(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
			return chain.filter(exchange);
		});
	}

	private boolean repeatable(ServerWebExchange exchange, Throwable failure) {
		if (exchange.getResponse().isCommitted()
				|| exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) != null) {
			return false;
		}
		if (PeerGroups.isConnectFailure(failure)) {
			return true;
		}
		return (REPEATABLE.contains(exchange.getRequest().getMethod()) || exchange.getAttribute(KEPT) != null)
				&& closedBeforeResponse(failure);
	}

	/** A request the services make idempotent by its key, with a body small enough to keep. */
	static boolean keyed(ServerHttpRequest request) {
		if (REPEATABLE.contains(request.getMethod()) || !request.getHeaders().containsHeader("Idempotency-Key")) {
			return false;
		}
		long length = request.getHeaders().getContentLength();
		return length >= 0 && length <= MAX_KEPT_BODY;
	}

	/** The connection closed or was reset before the response began. */
	static boolean closedBeforeResponse(Throwable failure) {
		if (failure instanceof PrematureCloseException) {
			String message = String.valueOf(failure.getMessage());
			return !message.contains("DURING");
		}
		return failure instanceof IOException && String.valueOf(failure.getMessage()).contains("reset");
	}

}

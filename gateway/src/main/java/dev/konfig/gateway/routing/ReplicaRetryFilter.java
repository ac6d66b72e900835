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
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.web.outbound.PeerGroups;

/**
 * Sends a request once more, to another replica, when the first could not have been acted on:
 * <ul>
 * <li>the connection was refused or timed out: nothing was sent, so any method goes again;</li>
 * <li>the connection closed before any response byte: the replica may have acted, so only a
 * GET or HEAD goes again. A request with an {@code Idempotency-Key} would too where its service
 * honours the key; none does yet (docs/decisions.md, "Replicas").</li>
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
		return REPEATABLE.contains(exchange.getRequest().getMethod()) && closedBeforeResponse(failure);
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

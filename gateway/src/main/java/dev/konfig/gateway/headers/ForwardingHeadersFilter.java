package dev.konfig.gateway.headers;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes the identity and forwarding headers a client may have sent (services trust only the
 * verified token and the gateway's own forwarding headers), then writes the forwarding headers
 * from what the gateway itself sees: the client's socket address, scheme and host. Runs last
 * among the header filters, so nothing re-adds a client's value after it.
 */
@Component
class ForwardingHeadersFilter implements HttpHeadersFilter, Ordered {

	private static final Set<String> IDENTITY_HEADERS = Set.of("x-user-id", "x-organization-id", "x-org-id", "x-role",
			"x-scopes", "forwarded", "x-real-ip");

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders headers = new HttpHeaders();
		input.forEach((name, values) -> {
			if (!isClientClaim(name)) {
				headers.addAll(name, values);
			}
		});
		ServerHttpRequest request = exchange.getRequest();
		InetSocketAddress client = request.getRemoteAddress();
		if (client != null && client.getAddress() != null) {
			headers.set("X-Forwarded-For", client.getAddress().getHostAddress());
		}
		headers.set("X-Forwarded-Proto", request.getURI().getScheme());
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		if (host != null) {
			headers.set("X-Forwarded-Host", host);
		}
		return headers;
	}

	static boolean isClientClaim(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return IDENTITY_HEADERS.contains(lower) || lower.startsWith("x-konfig-") || lower.startsWith("x-forwarded-");
	}

}

package dev.konfig.gateway.headers;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.web.RequestIds;

/**
 * The gateway puts its {@code X-Request-Id} on every answer before routing, and the service
 * behind it echoes the id it received, which is the same one. Relaying the service's copy
 * as well would send the header twice, so the upstream's is dropped and the gateway's stays,
 * also when a service answers with an id of its own.
 */
@Component
class UpstreamRequestIdFilter implements HttpHeadersFilter {

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		if (!input.containsHeader(RequestIds.HEADER)) {
			return input;
		}
		HttpHeaders headers = new HttpHeaders();
		input.forEach((name, values) -> {
			if (!RequestIds.HEADER.equalsIgnoreCase(name)) {
				headers.addAll(name, values);
			}
		});
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

}

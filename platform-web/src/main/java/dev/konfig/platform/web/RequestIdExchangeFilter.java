package dev.konfig.platform.web;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import reactor.core.publisher.Mono;

/** Passes the current request id on to every service this request calls. */
class RequestIdExchangeFilter implements ExchangeFilterFunction {

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.deferContextual(context -> {
			if (!context.hasKey(RequestIds.CONTEXT_KEY) || request.headers().containsHeader(RequestIds.HEADER)) {
				return next.exchange(request);
			}
			String requestId = context.get(RequestIds.CONTEXT_KEY);
			return next.exchange(ClientRequest.from(request).header(RequestIds.HEADER, requestId).build());
		});
	}

}

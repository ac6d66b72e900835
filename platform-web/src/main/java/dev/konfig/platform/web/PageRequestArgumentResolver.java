package dev.konfig.platform.web;

import org.springframework.core.MethodParameter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.SyncHandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives a controller method's {@link PageRequest} parameter the request's {@code limit},
 * {@code cursor} and {@code skip} query parameters. An invalid limit fails the argument, which the problem
 * handler answers 400 like any other invalid request.
 */
class PageRequestArgumentResolver implements SyncHandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return PageRequest.class.equals(parameter.getParameterType());
	}

	@Override
	public Object resolveArgumentValue(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
		return PageRequest.of(query.getFirst("limit"), query.getFirst("cursor"), query.getFirst("skip"));
	}

}

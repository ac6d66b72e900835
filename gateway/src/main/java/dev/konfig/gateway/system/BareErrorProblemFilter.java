package dev.konfig.gateway.system;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.web.ProblemResponseWriter;

/**
 * Gateway filters that refuse a request (RequestSize's 413, and later a rate limiter's 429)
 * answer with a status and no body. This turns such bare errors into problem answers, like
 * every other error of the suite. Responses relayed from upstream are written, never merely
 * completed, so they pass untouched.
 */
@Component
class BareErrorProblemFilter implements GlobalFilter, Ordered {

	private final ProblemResponseWriter problems;

	BareErrorProblemFilter(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {

			@Override
			public Mono<Void> setComplete() {
				HttpStatusCode status = getStatusCode();
				if (status != null && status.isError() && !isCommitted()) {
					return BareErrorProblemFilter.this.problems.write(exchange, status, detail(status));
				}
				return super.setComplete();
			}

		};
		return chain.filter(exchange.mutate().response(response).build());
	}

	private static String detail(HttpStatusCode status) {
		if (status.value() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
			return "The request body is larger than the gateway accepts";
		}
		if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
			return "Too many requests; try again later";
		}
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase() : "The request was refused";
	}

}

package dev.konfig.platform.web;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class SafeRequestTargetWebFilterTests {

	private final SafeRequestTargetWebFilter filter = new SafeRequestTargetWebFilter(
			new ProblemResponseWriter(ServerCodecConfigurer.create()));

	@ParameterizedTest
	@CsvSource({ "/api/v1/events?event_type=%00, event_type", "/api/v1/events?actor_id=a%00b, actor_id",
			"/api/v1/events?entity_type=%01%1F, entity_type", "/api/v1/events?q=%7F, q",
			"/api/v1/events?%00=1, query", "/api/v1/a%00b/events, path",
			"/api/v1/namespaces/%1B%5B31m/configs, path" })
	void refusesControlCharactersInThePathOrQueryWithAProblemNamingWhere(String target, String field) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create(target)));
		AtomicBoolean handled = new AtomicBoolean();

		this.filter.filter(exchange, ignored -> Mono.fromRunnable(() -> handled.set(true))).block();

		assertThat(handled).isFalse();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"field\":\"" + field + "\"")
			.doesNotContain("\u0000");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/v1/events?event_type=config.updated&limit=5", "/api/v1/events?q=%C3%A9t%C3%A9%20%F0%9F%99%82",
			"/api/v1/namespaces/ns-1/configs/a.b?wait=30", "/api/v1/events?q=tab%09and%0Anewline" })
	void letsOrdinaryTextThrough(String target) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create(target)));
		AtomicBoolean handled = new AtomicBoolean();

		this.filter.filter(exchange, ignored -> Mono.fromRunnable(() -> handled.set(true))).block();

		assertThat(handled).isTrue();
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

}

package dev.konfig.platform.web;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class RequestOriginWebFilterTests {

	@Test
	void takesTheFirstForwardedForEntrySetByTheGateway() {
		RequestOrigin origin = RequestOriginWebFilter.of(MockServerHttpRequest.get("/")
			.header("X-Forwarded-For", "203.0.113.7, 10.0.0.2")
			.header("User-Agent", "curl/8")
			.remoteAddress(new InetSocketAddress("10.0.0.2", 4000))
			.build());

		assertThat(origin.ipAddress()).isEqualTo("203.0.113.7");
		assertThat(origin.userAgent()).isEqualTo("curl/8");
	}

	@Test
	void fallsBackToThePeerAddressWithoutAGateway() {
		RequestOrigin origin = RequestOriginWebFilter
			.of(MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("192.0.2.1", 4000)).build());

		assertThat(origin.ipAddress()).isEqualTo("192.0.2.1");
		assertThat(origin.userAgent()).isNull();
	}

	@Test
	void namesTheActorTheApplicationsResolverFinds() {
		RequestOrigin.Actor actor = new RequestOrigin.Actor("u1", "user");
		RequestOriginWebFilter filter = new RequestOriginWebFilter(() -> Mono.just(actor));
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/").header("X-Forwarded-For", "203.0.113.7"));
		Mono<RequestOrigin> seen = Mono.create(sink -> filter
			.filter(exchange, served -> RequestOrigin.current().doOnNext(sink::success).then())
			.subscribe());

		StepVerifier.create(seen)
			.assertNext(origin -> {
				assertThat(origin.actor()).isEqualTo(actor);
				assertThat(origin.ipAddress()).isEqualTo("203.0.113.7");
			})
			.verifyComplete();
	}

	@Test
	void isEmptyButNeverMissingOutsideARequest() {
		StepVerifier.create(RequestOrigin.current())
			.assertNext(origin -> assertThat(origin).isEqualTo(RequestOrigin.NONE))
			.verifyComplete();
	}

}

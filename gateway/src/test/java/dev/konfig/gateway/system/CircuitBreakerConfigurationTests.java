package dev.konfig.gateway.system;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;
import reactor.netty.channel.AbortedException;

import dev.konfig.platform.web.outbound.OutboundProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route's circuit opens on its upstream's failures, and stays closed however many clients
 * walk away from their requests.
 */
class CircuitBreakerConfigurationTests {

	private final CircuitBreakerConfig config = CircuitBreakerConfiguration.routeBreaker(new OutboundProperties(null, null));

	@Test
	void clientsGoingAwayNeverOpenTheCircuit() {
		CircuitBreaker breaker = CircuitBreaker.of("route", this.config);
		for (int i = 0; i < 500; i++) {
			breaker.onError(1, java.util.concurrent.TimeUnit.MILLISECONDS,
					new AbortedException("Connection has been closed BEFORE send operation"));
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void anUpstreamThatFailsOpensIt() {
		CircuitBreaker breaker = CircuitBreaker.of("route", this.config);
		for (int i = 0; i < 500 && breaker.getState() == CircuitBreaker.State.CLOSED; i++) {
			Throwable failure = switch (i % 3) {
				case 0 -> new ConnectException("Connection refused");
				case 1 -> new TimeoutException();
				default -> new IOException("Connection reset by peer");
			};
			breaker.onError(1, java.util.concurrent.TimeUnit.MILLISECONDS, failure);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

}

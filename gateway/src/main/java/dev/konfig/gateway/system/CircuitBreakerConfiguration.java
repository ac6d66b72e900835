package dev.konfig.gateway.system;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import reactor.netty.channel.AbortedException;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.web.outbound.OutboundProperties;

/**
 * One circuit breaker per route (Spring Cloud Gateway's CircuitBreaker filter), with the
 * suite's breaker settings ({@code konfig.http.defaults.breaker.*}) and its rule that a 4xx
 * never counts as a failure. The time limit replaces resilience4j's default of one second,
 * which would cut off every legitimately slow request long before the HTTP client's response
 * timeout; a route's slow calls and automatic half-opening are the gateway's own additions.
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerConfiguration {

	@Bean
	Customizer<ReactiveResilience4JCircuitBreakerFactory> routeCircuitBreakers(GatewayProperties properties,
			OutboundProperties outbound) {
		CircuitBreakerConfig breaker = routeBreaker(outbound);
		return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
			.timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(properties.upstreamTimeLimit()).build())
			.circuitBreakerConfig(breaker)
			.build());
	}

	/**
	 * The route breakers' settings. A response write that fails because the client went away
	 * ({@link AbortedException}: the client gave up or closed its connection) is neither a
	 * success nor a failure of the upstream: clients that drop many requests at once (a load
	 * generator stopping, a crowd of browsers navigating away) must not open the circuit for
	 * everybody else.
	 */
	static CircuitBreakerConfig routeBreaker(OutboundProperties outbound) {
		return CircuitBreakerConfig.from(OutboundClients.circuitBreakerConfig(outbound.resolveDefaults().breaker()))
			.slowCallDurationThreshold(Duration.ofSeconds(10))
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.ignoreException(AbortedException.class::isInstance)
			.build();
	}

}

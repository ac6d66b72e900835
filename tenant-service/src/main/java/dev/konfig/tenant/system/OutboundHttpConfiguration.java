package dev.konfig.tenant.system;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** Every outbound call gets timeouts and a circuit breaker; nothing waits on a dead peer. */
@Configuration(proxyBeanMethods = false)
class OutboundHttpConfiguration {

	/** The connector of every outbound client, so none of them waits without limit. */
	@Bean
	ClientHttpConnector timeBoundClientHttpConnector(TenantProperties properties) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.responseTimeout());
		return new ReactorClientHttpConnector(http);
	}

	/**
	 * A 4xx answer means the peer is healthy and said no, so it never counts towards opening
	 * the circuit. The time limit sits above response timeout times attempts, so retries of a
	 * GET finish before the breaker gives up on them.
	 */
	@Bean
	Customizer<ReactiveResilience4JCircuitBreakerFactory> outboundCircuitBreakers(TenantProperties properties) {
		CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
			.slidingWindowSize(20)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(10))
			.permittedNumberOfCallsInHalfOpenState(3)
			.ignoreException(OutboundHttpConfiguration::isClientError)
			.build();
		TimeLimiterConfig timeLimit = TimeLimiterConfig.custom()
			.timeoutDuration(properties.responseTimeout().multipliedBy(4).plus(properties.connectTimeout()))
			.build();
		return factory -> factory.configureDefault(
				id -> new Resilience4JConfigBuilder(id).circuitBreakerConfig(breaker).timeLimiterConfig(timeLimit).build());
	}

	/**
	 * Spring Cloud wraps every breaker in a semaphore bulkhead of 25 calls that never waits,
	 * which would turn an ordinary burst of requests into 503s; the limit is a setting instead.
	 */
	@Bean
	Customizer<ReactiveResilience4jBulkheadProvider> outboundBulkheads(TenantProperties properties) {
		BulkheadConfig bulkhead = BulkheadConfig.custom()
			.maxConcurrentCalls(properties.maxConcurrentCalls())
			.maxWaitDuration(Duration.ZERO)
			.build();
		return provider -> provider
			.configureDefault(id -> new Resilience4jBulkheadConfigurationBuilder().bulkheadConfig(bulkhead).build());
	}

	static boolean isClientError(Throwable failure) {
		return failure instanceof WebClientResponseException response && response.getStatusCode().is4xxClientError();
	}

}

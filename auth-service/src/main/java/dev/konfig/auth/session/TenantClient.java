package dev.konfig.auth.session;

import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.auth.key.AccessTokens;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.platform.web.KonfigException;

/**
 * tenant-service's internal organization API, called as auth-service itself and only by the
 * registration saga (create, and delete as its compensation). Answers the
 * caller can act on (409, 404) are values, not failures, so they do not open the breaker;
 * everything else (connect error, timeout, 5xx, open breaker) becomes 503.
 */
@Component
class TenantClient {

	private static final Logger log = LoggerFactory.getLogger(TenantClient.class);

	static final String CLIENT_ID = "auth-service";

	private final WebClient http;

	private final ReactiveCircuitBreaker breaker;

	private final AccessTokens tokens;

	private final AuthProperties properties;

	TenantClient(@Qualifier("tenantWebClient") WebClient http, ReactiveCircuitBreakerFactory<?, ?> breakers,
			AccessTokens tokens, AuthProperties properties) {
		this.http = http;
		this.breaker = breakers.create("tenant-service");
		this.tokens = tokens;
		this.properties = properties;
	}

	/** Creates the organization with the id auth-service chose; a taken name is a 409. */
	Mono<Void> createOrganization(UUID id, String name) {
		Mono<Integer> call = serviceToken().flatMap(token -> this.http.post()
			.uri("/internal/organizations")
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(Map.of("id", id, "name", name, "description", ""))
			.exchangeToMono(response -> {
				int status = response.statusCode().value();
				if (status == 409 || response.statusCode().is2xxSuccessful()) {
					return response.releaseBody().thenReturn(status);
				}
				return response.createError();
			}));
		return protect(call).flatMap(status -> (status == 409) ? Mono.error(new OrganizationNameTakenException())
				: Mono.empty());
	}

	/** Compensation of a failed registration; already gone counts as done. */
	Mono<Void> deleteOrganization(UUID id) {
		Mono<Integer> call = serviceToken().flatMap(token -> this.http.delete()
			.uri("/internal/organizations/{id}", id)
			.headers(headers -> headers.setBearerAuth(token))
			.exchangeToMono(response -> {
				int status = response.statusCode().value();
				if (status == 404 || response.statusCode().is2xxSuccessful()) {
					return response.releaseBody().thenReturn(status);
				}
				return response.createError();
			}));
		return protect(call).then();
	}

	private Mono<String> serviceToken() {
		return this.tokens.service(CLIENT_ID, this.properties.serviceTokenTtl());
	}

	private <T> Mono<T> protect(Mono<T> call) {
		return this.breaker.run(call, failure -> {
			if (failure instanceof KonfigException konfig) {
				return Mono.error(konfig);
			}
			log.warn("tenant-service call failed: {}", failure.toString());
			return Mono.error(new TenantUnavailableException());
		});
	}

}

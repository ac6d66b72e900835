package dev.konfig.tenant.membership;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.web.ServiceUnavailableException;
import dev.konfig.platform.web.UnauthorizedException;
import dev.konfig.tenant.system.TenantProperties;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * auth-service as tenant-service needs it: the memberships of a caller (relaying the
 * caller's token) and granting a membership (as tenant-service itself, with a
 * client-credentials token).
 */
@Component
class AuthServiceClient {

	private static final Logger log = LoggerFactory.getLogger(AuthServiceClient.class);

	private static final ParameterizedTypeReference<List<MembershipView>> MEMBERSHIPS = new ParameterizedTypeReference<>() {
	};

	private final WebClient relaying;

	private final WebClient asService;

	private final ReactiveCircuitBreaker lookupBreaker;

	private final ReactiveCircuitBreaker grantBreaker;

	AuthServiceClient(WebClient.Builder builder, ClientHttpConnector connector, ServiceCredentials credentials,
			ReactiveCircuitBreakerFactory<?, ?> breakers, TenantProperties properties) {
		String baseUrl = properties.authUrl().toString();
		// The connector carries the connect and response timeouts.
		WebClient.Builder authService = builder.clone().clientConnector(connector).baseUrl(baseUrl);
		this.relaying = authService.clone().build();
		this.asService = authService.clone().filter(credentials.filter()).build();
		this.lookupBreaker = breakers.create("auth-service-memberships");
		this.grantBreaker = breakers.create("auth-service-internal");
	}

	/** The memberships of the user whose token this is. */
	Mono<List<MembershipView>> memberships(String bearerToken) {
		Mono<List<MembershipView>> call = this.relaying.get()
			.uri("/api/v1/auth/memberships")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
			.retrieve()
			.bodyToMono(MEMBERSHIPS)
			.defaultIfEmpty(List.of())
			// A GET is safe to repeat; a 4xx will not change on retry.
			.retryWhen(Retry.backoff(2, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)).jitter(0.5)
				.filter(AuthServiceClient::isTransient));
		return this.lookupBreaker.run(call, failure -> Mono.error(translate(failure, "memberships")));
	}

	/**
	 * Grants a membership as tenant-service. A POST is never retried here: the caller decides
	 * what a failure means (compensation).
	 */
	Mono<Void> grant(UUID userId, UUID organizationId, String role) {
		Mono<Void> call = this.asService.post()
			.uri("/internal/memberships")
			.bodyValue(new MembershipGrant(userId, organizationId, role))
			.retrieve()
			.toBodilessEntity()
			.then();
		return this.grantBreaker.run(call, failure -> Mono.error(translate(failure, "membership grant")));
	}

	private static boolean isTransient(Throwable failure) {
		if (failure instanceof WebClientResponseException response) {
			return response.getStatusCode().is5xxServerError();
		}
		return failure instanceof WebClientRequestException || failure instanceof TimeoutException;
	}

	private static Throwable translate(Throwable failure, String what) {
		if (failure instanceof WebClientResponseException response
				&& response.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
			return new UnauthorizedException("The access token was not accepted by auth-service");
		}
		log.warn("auth-service {} call failed: {}", what, failure.toString());
		return new ServiceUnavailableException("auth-service is unavailable; try again shortly");
	}

	/** One membership as auth-service answers it; the role stays a string until checked. */
	record MembershipView(UUID organizationId, String role) {
	}

	record MembershipGrant(UUID userId, UUID organizationId, String role) {
	}

}

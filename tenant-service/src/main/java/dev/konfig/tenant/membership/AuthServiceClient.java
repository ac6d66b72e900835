package dev.konfig.tenant.membership;

import java.util.List;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.web.UnauthorizedException;
import dev.konfig.platform.web.outbound.OutboundClient;
import dev.konfig.platform.web.outbound.OutboundClients;
import reactor.core.publisher.Mono;

/**
 * auth-service as tenant-service needs it: the memberships of a caller (relaying the
 * caller's token) and granting a membership (as tenant-service itself, with a
 * client-credentials token).
 */
@Component
class AuthServiceClient {

	/** The outbound client's name, so its settings are {@code konfig.http.clients.auth-service.*}. */
	static final String CLIENT = "auth-service";

	private static final ParameterizedTypeReference<List<MembershipView>> MEMBERSHIPS = new ParameterizedTypeReference<>() {
	};

	private final OutboundClient authService;

	private final WebClient asService;

	AuthServiceClient(OutboundClients outbound, ServiceCredentials credentials) {
		this.authService = outbound.client(CLIENT);
		this.asService = this.authService.web().mutate().filter(credentials.filter()).build();
	}

	/**
	 * The memberships of the user whose token this is. The client retries this GET after a
	 * 5xx or a timeout; a refused token is the caller's 401, never retried.
	 */
	Mono<List<MembershipView>> memberships(String bearerToken) {
		return this.authService.protect(this.authService.web()
			.get()
			.uri("/api/v1/auth/memberships")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
			.retrieve()
			.onStatus(status -> status.isSameCodeAs(HttpStatus.UNAUTHORIZED),
					response -> Mono.error(new UnauthorizedException("The access token was not accepted by auth-service")))
			.bodyToMono(MEMBERSHIPS)
			.defaultIfEmpty(List.of()));
	}

	/**
	 * Grants a membership as tenant-service. A POST is never retried: the caller decides what
	 * a failure means (compensation).
	 */
	Mono<Void> grant(UUID userId, UUID organizationId, String role) {
		return this.authService.protect(this.asService.post()
			.uri("/internal/memberships")
			.bodyValue(new MembershipGrant(userId, organizationId, role))
			.retrieve()
			.toBodilessEntity()
			.then());
	}

	/** One membership as auth-service answers it; the role stays a string until checked. */
	record MembershipView(UUID organizationId, String role) {
	}

	record MembershipGrant(UUID userId, UUID organizationId, String role) {
	}

}

package dev.konfig.platform.security;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.ServiceUnavailableException;
import dev.konfig.platform.web.outbound.OutboundClient;
import reactor.core.publisher.Mono;

/**
 * Whether a caller is a platform administrator now, as auth-service has it: a token's
 * {@code platform:admin} scope may be up to one access-token lifetime old, so every
 * platform-admin write asks auth-service before acting (spec AD-2). Reads may trust the token.
 */
public class PlatformAdministrators {

	private final OutboundClient auth;

	private final ServiceCredentials credentials;

	public PlatformAdministrators(OutboundClient auth, ServiceCredentials credentials) {
		this.auth = auth;
		this.credentials = credentials;
	}

	/**
	 * Completes when the caller's token says platform administrator and auth-service still
	 * does; 403 otherwise, 503 when auth-service cannot say.
	 */
	public Mono<Void> requireStill(KonfigPrincipal caller) {
		return Mono.defer(() -> {
			caller.requirePlatformAdmin();
			return requireStill(caller.userId());
		});
	}

	/** The same for a user id (the caller's token already checked). */
	public Mono<Void> requireStill(UUID userId) {
		Mono<Boolean> flag = this.auth.web()
			.mutate()
			.filter(this.credentials.filter())
			.build()
			.get()
			.uri("/internal/users/{id}/platform-admin", userId)
			.exchangeToMono(response -> {
				if (response.statusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
					return response.releaseBody().thenReturn(false);
				}
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToMono(JsonNode.class)
						.map(body -> body.path("is_platform_admin").asBoolean(false));
				}
				return response.createError();
			});
		return this.auth
			.protect(flag, () -> new ServiceUnavailableException("auth-service is unavailable; try again shortly"))
			.flatMap(admin -> admin ? Mono.<Void>empty()
					: Mono.error(new ForbiddenException("This action needs a platform administrator")));
	}

}

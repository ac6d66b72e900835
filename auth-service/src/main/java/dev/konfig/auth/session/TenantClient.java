package dev.konfig.auth.session;

import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.auth.key.AccessTokens;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.platform.web.outbound.OutboundClient;
import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * tenant-service's internal organization API, called as auth-service itself through the
 * platform's outbound client {@code tenant-service}, and only by the registration saga (create,
 * and delete as its compensation). Answers the caller can act on (409, 404)
 * are values, not failures, so they do not open the breaker; a connect error, timeout, 5xx or
 * open breaker becomes 503.
 */
@Component
class TenantClient {

	static final String CLIENT_ID = "auth-service";

	/** The outbound client's name, so its settings are {@code konfig.http.clients.tenant-service.*}. */
	static final String OUTBOUND_CLIENT = "tenant-service";

	private final OutboundClient tenantService;

	private final WebClient http;

	private final AccessTokens tokens;

	private final AuthProperties properties;

	TenantClient(OutboundClients outbound, AccessTokens tokens, AuthProperties properties) {
		this.tenantService = outbound.client(OUTBOUND_CLIENT);
		this.http = this.tenantService.web();
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
		return this.tenantService.protect(call, TenantUnavailableException::new);
	}

}

package dev.konfig.auth.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;

import dev.konfig.auth.key.AccessTokens;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.platform.web.outbound.OutboundClient;
import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * Organization names for the admin users view, from tenant-service's
 * {@code POST /internal/organizations/lookup} (as auth-service itself). Names are decoration:
 * when tenant-service cannot answer, the view shows {@code null} names instead of failing.
 */
@Component
class OrganizationNames {

	private static final Logger log = LoggerFactory.getLogger(OrganizationNames.class);

	/** tenant-service's bound on one lookup. */
	static final int MAX_IDS = 500;

	private static final ParameterizedTypeReference<List<OrganizationName>> NAMES = new ParameterizedTypeReference<>() {
	};

	private final OutboundClient tenantService;

	private final AccessTokens tokens;

	private final AuthProperties properties;

	OrganizationNames(OutboundClients outbound, AccessTokens tokens, AuthProperties properties) {
		// The same client (pool, breaker, settings) as the registration saga's calls.
		this.tenantService = outbound.client("tenant-service");
		this.tokens = tokens;
		this.properties = properties;
	}

	/** Name by organization id; organizations tenant-service does not know are absent. */
	Mono<Map<UUID, String>> of(Set<UUID> ids) {
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return Flux.fromIterable(ids)
			.buffer(MAX_IDS)
			.concatMap(this::lookup)
			.collect(HashMap<UUID, String>::new, (names, organization) -> names.put(organization.id(), organization.name()))
			.<Map<UUID, String>>map(names -> names)
			.onErrorResume(failure -> {
				log.warn("Organization names unavailable: {}", failure.toString());
				return Mono.just(Map.of());
			});
	}

	private Flux<OrganizationName> lookup(List<UUID> ids) {
		return this.tokens.service("auth-service", this.properties.serviceTokenTtl())
			.flatMap(token -> this.tenantService.protect(this.tenantService.web()
				.post()
				.uri("/internal/organizations/lookup")
				.headers(headers -> headers.setBearerAuth(token))
				.bodyValue(Map.of("ids", ids))
				.retrieve()
				.bodyToMono(NAMES)))
			.flatMapMany(Flux::fromIterable);
	}

	/** One answer of the lookup. */
	record OrganizationName(UUID id, String name, Boolean isActive) {
	}

}

package dev.konfig.tenant.admin;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.konfig.platform.security.PlatformAdministrators;
import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.web.ServiceUnavailableException;
import dev.konfig.platform.web.outbound.OutboundClient;
import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.tenant.stats.UsagePeers;
import reactor.core.publisher.Mono;

/**
 * The other services as the admin endpoints need them, each through its outbound client and as
 * tenant-service itself (client credentials): auth-service's platform-admin check, every
 * service's {@code /internal/usage} and {@code /internal/usage/totals}, and readiness. Each call
 * is bounded by {@code konfig.tenant.admin.peer-timeout} besides the client's own timeouts.
 */
@Component
class PlatformPeers {

	static final String AUTH = "auth-service";

	private final OutboundClients outbound;

	private final ServiceCredentials credentials;

	private final AdminProperties properties;

	private final UsagePeers usage;

	private final PlatformAdministrators administrators;

	PlatformPeers(OutboundClients outbound, ServiceCredentials credentials, AdminProperties properties,
			UsagePeers usage, PlatformAdministrators administrators) {
		this.outbound = outbound;
		this.credentials = credentials;
		this.properties = properties;
		this.usage = usage;
		this.administrators = administrators;
	}

	/** Whether this deployment has the service at all (its client has a base URL). */
	boolean configured(String service) {
		return this.usage.configured(service);
	}

	/**
	 * The caller's platform-admin flag as auth-service has it now; 403 unless set, 503 when
	 * auth-service cannot say. Every admin write asks before acting (spec AD-2).
	 */
	Mono<Void> requireStillPlatformAdmin(UUID userId) {
		return this.administrators.requireStill(userId);
	}

	/** A service's {@code POST /internal/usage} for these organizations: the item of each by its id. */
	Mono<Map<UUID, JsonNode>> usage(String service, Collection<UUID> organizationIds) {
		return this.usage.usage(service, organizationIds);
	}

	/** A service's {@code GET /internal/usage/totals}; fails when not configured or unavailable. */
	Mono<JsonNode> totals(String service) {
		if (!configured(service)) {
			return Mono.error(new ServiceUnavailableException(service + " is not configured"));
		}
		OutboundClient client = this.outbound.client(service);
		return client.protect(asService(client).get()
			.uri("/internal/usage/totals")
			.retrieve()
			.bodyToMono(JsonNode.class)
			.timeout(this.properties.peerTimeout()));
	}

	/**
	 * A service's readiness: {@code up} on 200 {@code UP}, {@code down} on 503 or no answer in
	 * time, {@code unknown} otherwise. Not under the breaker: a health page must show what the
	 * service says now, not what the breaker remembers. Readiness is public, so no token.
	 */
	Mono<AdminRecords.ServiceHealth> readiness(String service) {
		OutboundClient client = this.outbound.client(service);
		return client.web()
			.get()
			.uri("/actuator/health/readiness")
			.exchangeToMono(response -> response.bodyToMono(JsonNode.class)
				.defaultIfEmpty(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode())
				.map(body -> health(service, response.statusCode().value(), body)))
			.timeout(this.properties.peerTimeout())
			.onErrorResume(WebClientResponseException.class,
					failure -> Mono.just(health(service, failure.getStatusCode().value(), null)))
			.onErrorResume(failure -> Mono.just(new AdminRecords.ServiceHealth(service, "down", Instant.now(), Map.of())));
	}

	private static AdminRecords.ServiceHealth health(String service, int status, JsonNode body) {
		String reported = (body == null) ? "" : body.path("status").asString("");
		String state = (status == 200 && reported.equals("UP")) ? "up"
				: (status == 503 || reported.equals("DOWN") || reported.equals("OUT_OF_SERVICE")) ? "down" : "unknown";
		Map<String, Object> components = new HashMap<>();
		if (body != null && body.path("components").isObject()) {
			body.path("components").properties().forEach(entry -> components.put(entry.getKey(),
					entry.getValue().path("status").asString("UNKNOWN").toLowerCase(java.util.Locale.ROOT)));
		}
		return new AdminRecords.ServiceHealth(service, state, Instant.now(), components);
	}

	private WebClient asService(OutboundClient client) {
		return client.web().mutate().filter(this.credentials.filter()).build();
	}

}

package dev.konfig.gateway.membership;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.konfig.gateway.system.GatewayProperties;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.outbound.OutboundClient;

/**
 * What auth-service says a user's memberships are now, cached for at most
 * {@code konfig.gateway.membership-cache-ttl} (5 s) per user and the organization and role a token
 * claims. The lookup relays the caller's own token to auth-service's
 * {@code GET /api/v1/auth/memberships} (the endpoint tenant-service already uses): the answer is
 * the user's active memberships, so the gateway needs no credentials of its own and auth-service
 * no second endpoint. Concurrent requests with the same claim share one lookup; a failure to reach
 * auth-service is never cached. Keying by the claim as well as the user means a membership just
 * gained (an accepted invitation, then {@code switch-organization}; a promotion, then a refresh)
 * is looked up at once instead of being refused on an answer from before it, while a lost one
 * still counts within the TTL.
 */
public class CurrentMemberships {

	private static final Logger log = LoggerFactory.getLogger(CurrentMemberships.class);

	/** auth-service's endpoint; its answer is the caller's active memberships. */
	static final String PATH = "/api/v1/auth/memberships";

	/** auth-service's answers that mean "this token's user has no membership any more". */
	private static final Set<Integer> REFUSALS = Set.of(401, 403, 404);

	private final OutboundClient authService;

	private final AsyncCache<Claim, Answer> cache;

	public CurrentMemberships(OutboundClient authService, GatewayProperties properties) {
		this.authService = authService;
		Duration ttl = properties.membershipCacheTtl();
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.apiKeyCacheSize())
			.expireAfter(Expiry.<Claim, Answer>creating(
					(claim, answer) -> answer.unavailable() ? Duration.ZERO : ttl))
			.buildAsync();
	}

	/** Whether this user's token still says what auth-service says now. */
	public Mono<Verdict> check(KonfigPrincipal user, String accessToken) {
		Claim claim = new Claim(user.userId(), user.organizationId(), (user.role() != null) ? user.role().claim() : null);
		return Mono
			.deferContextual(context -> Mono.fromFuture(
					() -> this.cache.get(claim, (key, executor) -> lookup(accessToken).contextWrite(context).toFuture()),
					true))
			.map(answer -> {
				if (answer.unavailable()) {
					return Verdict.UNAVAILABLE;
				}
				String role = answer.roles().get(user.organizationId());
				return (role != null && user.role() != null && role.equals(user.role().claim())) ? Verdict.CURRENT
						: Verdict.STALE;
			});
	}

	private Mono<Answer> lookup(String accessToken) {
		Mono<Answer> call = this.authService.web()
			.get()
			.uri(PATH)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono(response -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToFlux(Membership.class)
						.filter(membership -> membership.organizationId() != null && membership.role() != null)
						.collectMap(Membership::organizationId, Membership::role)
						.map(roles -> new Answer(Map.copyOf(roles), false));
				}
				if (REFUSALS.contains(response.statusCode().value())) {
					return response.releaseBody().thenReturn(Answer.NONE);
				}
				log.warn("Membership lookup at auth-service answered {}", response.statusCode());
				return response.createError();
			});
		return this.authService.protect(call).onErrorResume(ex -> Mono.just(Answer.UNAVAILABLE));
	}

	/** The outcome of a check. */
	public enum Verdict {

		/** The token's organization and role are the user's current ones. */
		CURRENT,

		/** The membership is gone, inactive, or has another role now. */
		STALE,

		/** auth-service could not be asked. */
		UNAVAILABLE

	}

	/** A user and the organization and role one of their tokens names. */
	record Claim(UUID user, UUID organization, String role) {
	}

	record Membership(@JsonProperty("organization_id") UUID organizationId, @JsonProperty("role") String role) {
	}

	/** A user's active memberships (organization → role), or auth-service not answering. */
	record Answer(Map<UUID, String> roles, boolean unavailable) {

		static final Answer NONE = new Answer(Map.of(), false);

		static final Answer UNAVAILABLE = new Answer(Map.of(), true);

		@Override
		public String toString() {
			return this.unavailable ? "unavailable" : this.roles.entrySet().stream()
				.map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
		}

	}

}

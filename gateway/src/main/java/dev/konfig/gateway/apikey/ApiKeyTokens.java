package dev.konfig.gateway.apikey;

import dev.konfig.platform.security.OpaqueSecrets;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;

import dev.konfig.gateway.system.GatewayProperties;
import dev.konfig.platform.web.ServiceUnavailableException;
import dev.konfig.platform.web.outbound.OutboundClient;

/**
 * Access tokens minted by auth-service for API keys, cached by the key's SHA-256 (the key
 * itself is never kept). A refusal is cached briefly too, so a bad key costs auth-service one
 * call per few seconds. Failures to reach auth-service are never cached. The exchange is a
 * POST through platform-web's outbound client {@code auth-service}: never retried, and under
 * that client's breaker, which a refusal (4xx) never opens.
 */
public class ApiKeyTokens {

	private static final Logger log = LoggerFactory.getLogger(ApiKeyTokens.class);

	/** Reuse a token only while it still has this much life left downstream. */
	private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

	/** auth-service's answers that mean "not a valid key"; anything else is its own trouble. */
	private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404);

	/** The outbound client's name, so its settings are {@code konfig.http.clients.auth-service.*}. */
	public static final String OUTBOUND_CLIENT = "auth-service";

	private final OutboundClient authService;

	private final AsyncCache<String, Exchanged> cache;

	public ApiKeyTokens(OutboundClient authService, GatewayProperties properties) {
		this.authService = authService;
		this.cache = Caffeine.newBuilder()
			.maximumSize(properties.apiKeyCacheSize())
			.expireAfter(Expiry.<String, Exchanged>creating((hash, exchanged) -> {
				if (exchanged.unavailable()) {
					// Shared only by the requests already waiting for this exchange.
					return Duration.ZERO;
				}
				return exchanged.refused() ? properties.apiKeyRefusalTtl()
						: min(properties.apiKeyCacheTtl(), exchanged.life());
			}))
			.buildAsync();
	}

	/** The token for this key; empty when auth-service refuses the key. */
	public Mono<String> tokenFor(String apiKey) {
		String hash = OpaqueSecrets.sha256(apiKey);
		// The exchange runs in the context of the request that started it (request id, trace),
		// and its shared future is not cancelled when one of the requests waiting on it goes away.
		return Mono
			.deferContextual(context -> Mono.fromFuture(
					() -> this.cache.get(hash, (key, executor) -> exchange(apiKey).contextWrite(context).toFuture()),
					true))
			.flatMap(exchanged -> exchanged.unavailable()
					? Mono.error(new ServiceUnavailableException("API keys cannot be checked right now"))
					: Mono.justOrEmpty(exchanged.accessToken()));
	}

	private Mono<Exchanged> exchange(String apiKey) {
		Mono<Exchanged> call = this.authService.web()
			.post()
			.uri("/internal/api-keys/exchange")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(new ExchangeRequest(apiKey))
			.exchangeToMono(response -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToMono(ExchangeResponse.class)
						.filter(body -> body.accessToken() != null && !body.accessToken().isBlank())
						.map(ExchangeResponse::exchanged);
				}
				if (REFUSALS.contains(response.statusCode().value())) {
					return response.releaseBody().thenReturn(Exchanged.REFUSED);
				}
				log.warn("API key exchange at auth-service answered {}", response.statusCode());
				// An error, so that a 5xx counts towards opening auth-service's breaker.
				return response.createError();
			})
			.defaultIfEmpty(Exchanged.UNAVAILABLE);
		// Completing normally keeps the failure out of the cache's own error logging; the
		// outbound client has already logged it.
		return this.authService.protect(call).onErrorResume(ex -> Mono.just(Exchanged.UNAVAILABLE));
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	record ExchangeRequest(@JsonProperty("api_key") String apiKey) {
	}

	record ExchangeResponse(@JsonProperty("access_token") String accessToken,
			@JsonProperty("token_type") String tokenType, @JsonProperty("expires_in") Long expiresIn) {

		Exchanged exchanged() {
			Duration life = (this.expiresIn != null) ? Duration.ofSeconds(this.expiresIn).minus(TOKEN_MARGIN)
					: Duration.ZERO;
			return new Exchanged(this.accessToken, life.isNegative() ? Duration.ZERO : life, false);
		}

	}

	/**
	 * The outcome of one exchange: a token and how long it may be reused, a refusal, or
	 * auth-service not answering.
	 */
	record Exchanged(String accessToken, Duration life, boolean unavailable) {

		static final Exchanged REFUSED = new Exchanged(null, Duration.ZERO, false);

		static final Exchanged UNAVAILABLE = new Exchanged(null, Duration.ZERO, true);

		boolean refused() {
			return this.accessToken == null && !this.unavailable;
		}

	}

}

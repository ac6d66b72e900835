package dev.konfig.gateway.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings ({@code konfig.gateway.*}). auth-service, where API keys are
 * exchanged, is the platform's outbound client {@code auth-service} ({@code konfig.http.*}).
 *
 * @param apiKeyCacheTtl how long an exchanged API key token is reused at most; also the bound on
 * how fast a revoked key stops working. Each token is reused no longer than the life auth-service
 * gives it in the exchange's {@code expires_in} (less a margin), so the gateway needs no copy of
 * auth-service's token lifetime
 * @param apiKeyRefusalTtl how long a refused key is answered 401 without asking auth-service
 * again, so a bad key cannot hammer it
 * @param apiKeyCacheSize most keys remembered at once
 * @param membershipCacheTtl how long a user's memberships as auth-service answered them are reused;
 * the bound on how long a removed, deactivated or demoted user's access token still works at the
 * gateway. At most 5 s (the suite's promise), refused at start-up above that
 * @param upstreamTimeLimit the circuit breakers' time limit; above the HTTP client's response
 * timeout so that a slow upstream fails with the client's own timeout first
 */
@ConfigurationProperties("konfig.gateway")
public record GatewayProperties(@DefaultValue("30s") Duration apiKeyCacheTtl, @DefaultValue("5s") Duration apiKeyRefusalTtl,
		@DefaultValue("10000") long apiKeyCacheSize, @DefaultValue("20s") Duration upstreamTimeLimit,
		@DefaultValue("5s") Duration membershipCacheTtl) {

	/** The longest a membership answer may be reused: removals count everywhere within it. */
	public static final Duration MAX_MEMBERSHIP_CACHE_TTL = Duration.ofSeconds(5);

	public GatewayProperties {
		if (apiKeyCacheTtl.isNegative()) {
			throw new IllegalArgumentException("konfig.gateway.api-key-cache-ttl must not be negative");
		}
		if (membershipCacheTtl.isNegative() || membershipCacheTtl.compareTo(MAX_MEMBERSHIP_CACHE_TTL) > 0) {
			throw new IllegalArgumentException("konfig.gateway.membership-cache-ttl must be between 0 and "
					+ MAX_MEMBERSHIP_CACHE_TTL.toSeconds() + "s (removals must count within that bound)");
		}
		if (apiKeyRefusalTtl.isNegative()) {
			throw new IllegalArgumentException("konfig.gateway.api-key-refusal-ttl must not be negative");
		}
	}

}

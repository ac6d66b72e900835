package dev.konfig.gateway.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings ({@code konfig.gateway.*}). auth-service, where API keys are
 * exchanged, is the platform's outbound client {@code auth-service} ({@code konfig.http.*}).
 *
 * @param apiKeyCacheTtl how long an exchanged API key token is reused; also the bound on how
 * fast a revoked key stops working, so it must stay well below the token's 5-minute life
 * @param apiKeyRefusalTtl how long a refused key is answered 401 without asking auth-service
 * again, so a bad key cannot hammer it
 * @param apiKeyCacheSize most keys remembered at once
 * @param upstreamTimeLimit the circuit breakers' time limit; above the HTTP client's response
 * timeout so that a slow upstream fails with the client's own timeout first
 */
@ConfigurationProperties("konfig.gateway")
public record GatewayProperties(@DefaultValue("30s") Duration apiKeyCacheTtl, @DefaultValue("5s") Duration apiKeyRefusalTtl,
		@DefaultValue("10000") long apiKeyCacheSize, @DefaultValue("20s") Duration upstreamTimeLimit) {

	/** An API key token lives 5 minutes; caching it that long would serve expired tokens. */
	static final Duration API_KEY_TOKEN_LIFE = Duration.ofMinutes(5);

	public GatewayProperties {
		if (apiKeyCacheTtl.isNegative() || apiKeyCacheTtl.compareTo(API_KEY_TOKEN_LIFE) >= 0) {
			throw new IllegalArgumentException(
					"konfig.gateway.api-key-cache-ttl must be below the API key token's life of 5 minutes");
		}
		if (apiKeyRefusalTtl.isNegative()) {
			throw new IllegalArgumentException("konfig.gateway.api-key-refusal-ttl must not be negative");
		}
	}

}

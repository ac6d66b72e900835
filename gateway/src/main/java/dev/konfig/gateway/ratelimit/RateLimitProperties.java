package dev.konfig.gateway.ratelimit;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's volume limits ({@code konfig.gateway.rate-limit.*}), token buckets in the
 * terms of Spring Cloud Gateway's Redis rate limiter: a bucket holds {@code burst-capacity}
 * tokens, refills {@code replenish-rate} tokens a second, and each request takes
 * {@code requested-tokens}. So a budget allows {@code burst-capacity / requested-tokens}
 * requests at once, then {@code replenish-rate / requested-tokens} a second.
 *
 * @param enabled whether any limit applies
 * @param failOpen what happens while Redis cannot be reached: {@code true} lets requests
 * through (and logs), {@code false} refuses them with 503
 * @param keyPrefix what the Redis keys start with, so that several suites can share a Redis
 * @param apiKey the budget of one API key (keyed by the key's SHA-256, never the key)
 * @param user the budget of one user in one organization (the token's {@code sub} and
 * {@code org})
 * @param address the budget of one client address on the anonymous endpoints
 * @param anonymousPaths the anonymous endpoints limited per client address (path patterns as
 * the client sends them)
 */
@ConfigurationProperties("konfig.gateway.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean failOpen,
		@DefaultValue("konfig") String keyPrefix, @DefaultValue({ "100", "200", "1" }) Budget apiKey,
		@DefaultValue({ "50", "100", "1" }) Budget user, @DefaultValue({ "1", "60", "3" }) Budget address,
		@DefaultValue({ "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh",
				"/api/v1/invitations/accept", "/api/auth/register", "/api/auth/login", "/api/auth/refresh",
				"/api/invitations/accept" }) List<String> anonymousPaths) {

	/**
	 * One token bucket.
	 *
	 * @param replenishRate tokens added each second
	 * @param burstCapacity most tokens the bucket holds
	 * @param requestedTokens tokens one request takes
	 */
	public record Budget(int replenishRate, int burstCapacity, int requestedTokens) {

		public Budget {
			if (replenishRate < 1 || burstCapacity < requestedTokens || requestedTokens < 1) {
				throw new IllegalArgumentException("A rate limit budget needs replenish-rate >= 1 and "
						+ "burst-capacity >= requested-tokens >= 1");
			}
		}

		/** Requests the full bucket allows at once. */
		long limit() {
			return this.burstCapacity / this.requestedTokens;
		}

		/** Seconds an empty bucket takes to fill again. */
		long window() {
			return ceilDiv(this.burstCapacity, this.replenishRate);
		}

		static long ceilDiv(long tokens, long rate) {
			return Math.max(0, Math.floorDiv(tokens + rate - 1, rate));
		}

	}

}

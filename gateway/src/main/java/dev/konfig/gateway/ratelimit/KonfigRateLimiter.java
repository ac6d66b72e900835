package dev.konfig.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.http.HttpHeaders;

import dev.konfig.gateway.ratelimit.RateLimitProperties.Budget;
import dev.konfig.platform.web.ServiceUnavailableException;

/**
 * Spends a request's tokens from its budget through Spring Cloud Gateway's Redis rate limiter
 * (one Lua script, atomic across gateway replicas) and answers with the IETF RateLimit header
 * fields instead of the limiter's own {@code X-RateLimit-*}. The limiter answers "allowed, -1
 * remaining" when Redis fails; that is where the fail-open setting decides.
 */
class KonfigRateLimiter implements RateLimiter<Object> {

	private static final Logger log = LoggerFactory.getLogger(KonfigRateLimiter.class);

	/** At most one warning this often while Redis is unreachable, not one per request. */
	private static final long WARNING_INTERVAL_NANOS = 10_000_000_000L;

	private final RedisRateLimiter redis;

	private final RateLimitProperties properties;

	private final RateLimitKeys keys;

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

	KonfigRateLimiter(RedisRateLimiter redis, RateLimitProperties properties, RateLimitKeys keys) {
		this.redis = redis;
		this.properties = properties;
		this.keys = keys;
		redis.setIncludeHeaders(true);
		redis.getConfig().put(RateLimitKeys.API_KEY, config(properties.apiKey()));
		redis.getConfig().put(RateLimitKeys.USER, config(properties.user()));
		redis.getConfig().put(RateLimitKeys.ADDRESS, config(properties.address()));
	}

	@Override
	public Mono<Response> isAllowed(String routeId, String id) {
		if (!this.properties.enabled()) {
			return Mono.just(new Response(true, Map.of()));
		}
		String kind = this.keys.kindOf(id);
		Budget budget = budget(kind);
		// The kind, not the route, names the budget: a key's requests to every service share one.
		return this.redis.isAllowed(kind, id).flatMap(response -> {
			long remaining = remaining(response);
			if (remaining < 0) {
				return unchecked(kind);
			}
			return Mono.just(new Response(response.isAllowed(), headers(budget, remaining, response.isAllowed())));
		});
	}

	private Mono<Response> unchecked(String kind) {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= WARNING_INTERVAL_NANOS && this.lastWarning.compareAndSet(last, now)) {
			log.warn("Rate limits cannot be checked: Redis is unreachable; {} ({} budget)",
					this.properties.failOpen() ? "letting requests through" : "refusing requests", kind);
		}
		if (this.properties.failOpen()) {
			return Mono.just(new Response(true, Map.of()));
		}
		return Mono.error(new ServiceUnavailableException("Rate limits cannot be checked right now; try again later"));
	}

	private static Map<String, String> headers(Budget budget, long remainingTokens, boolean allowed) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("RateLimit-Limit", Long.toString(budget.limit()));
		headers.put("RateLimit-Remaining", Long.toString(remainingTokens / budget.requestedTokens()));
		long retryAfter = Math.max(1,
				Budget.ceilDiv(budget.requestedTokens() - remainingTokens, budget.replenishRate()));
		long reset = allowed ? Budget.ceilDiv(budget.burstCapacity() - remainingTokens, budget.replenishRate())
				: retryAfter;
		headers.put("RateLimit-Reset", Long.toString(reset));
		headers.put("RateLimit-Policy", budget.limit() + ";w=" + budget.window());
		if (!allowed) {
			headers.put(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		}
		return headers;
	}

	private static long remaining(Response response) {
		String remaining = response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER);
		try {
			return (remaining != null) ? Long.parseLong(remaining) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private Budget budget(String kind) {
		return switch (kind) {
			case RateLimitKeys.API_KEY -> this.properties.apiKey();
			case RateLimitKeys.USER -> this.properties.user();
			default -> this.properties.address();
		};
	}

	private static RedisRateLimiter.Config config(Budget budget) {
		return new RedisRateLimiter.Config().setReplenishRate(budget.replenishRate())
			.setBurstCapacity(budget.burstCapacity())
			.setRequestedTokens(budget.requestedTokens());
	}

	@Override
	public Map<String, Object> getConfig() {
		return Map.of();
	}

	@Override
	public Class<Object> getConfigClass() {
		return Object.class;
	}

	@Override
	public Object newConfig() {
		return new Object();
	}

}

package dev.konfig.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;

import dev.konfig.gateway.ratelimit.RateLimitProperties.Budget;
import dev.konfig.platform.web.ServiceUnavailableException;

/**
 * Spends a request's tokens from its budget, a token bucket in Redis shared by every gateway
 * replica, and answers with the IETF RateLimit header fields.
 *
 * <p>
 * A replica does not ask Redis for every request: it takes a <em>lease</em> of up to a tenth of
 * a second's refill at once (one Lua script, atomic across replicas) and spends it locally until
 * it is used up or {@link #LEASE_LIFETIME} old. Leased tokens are real tokens taken from the
 * shared bucket, so all replicas together never let more through than the budget; a lease left
 * unspent on one replica is at most a tenth of a second's allowance, lost when it lapses. A
 * budget whose refill is less than a few requests a second (the anonymous endpoints') leases one
 * request at a time, which is exactly the shared bucket. While Redis cannot be reached the
 * fail-open setting decides.
 */
class KonfigRateLimiter implements RateLimiter<Object> {

	private static final Logger log = LoggerFactory.getLogger(KonfigRateLimiter.class);

	/** At most one warning this often while Redis is unreachable, not one per request. */
	private static final long WARNING_INTERVAL_NANOS = 10_000_000_000L;

	/** How long a replica may spend a lease: leased tokens older than this are dropped. */
	static final Duration LEASE_LIFETIME = Duration.ofSeconds(1);

	private static final RedisScript<List<Long>> LEASE = leaseScript();

	private final ReactiveStringRedisTemplate redis;

	private final RateLimitProperties properties;

	private final RateLimitKeys keys;

	private final Cache<String, Lease> leases = Caffeine.newBuilder()
		.expireAfterWrite(LEASE_LIFETIME)
		.maximumSize(100_000)
		.build();

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);

	KonfigRateLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties, RateLimitKeys keys) {
		this.redis = redis;
		this.properties = properties;
		this.keys = keys;
	}

	@Override
	public Mono<Response> isAllowed(String routeId, String id) {
		if (!this.properties.enabled()) {
			return Mono.just(new Response(true, Map.of()));
		}
		// The kind, not the route, names the budget: a key's requests to every service share one.
		Budget budget = budget(this.keys.kindOf(id));
		Lease lease = this.leases.getIfPresent(id);
		if (lease != null) {
			long left = lease.spend(budget.requestedTokens());
			if (left >= 0) {
				return Mono.just(new Response(true, headers(budget, lease.bucketRemaining + left, true)));
			}
		}
		return lease(id, budget);
	}

	/** Takes a new lease from the shared bucket and spends the request's tokens from it. */
	private Mono<Response> lease(String id, Budget budget) {
		return this.redis
			.execute(LEASE, List.of(id), List.of(Integer.toString(budget.replenishRate()),
					Integer.toString(budget.burstCapacity()), Integer.toString(budget.requestedTokens()),
					Long.toString(leaseSize(budget))))
			.next()
			.map(answer -> {
				long granted = answer.get(0);
				long bucketRemaining = answer.get(1);
				if (granted < budget.requestedTokens()) {
					return new Response(false, headers(budget, bucketRemaining, false));
				}
				// Requests that found no lease at the same moment each took one: what an earlier one
				// left unspent stays spendable.
				long left = granted - budget.requestedTokens();
				Lease fresh = this.leases.asMap()
					.merge(id, new Lease(left, bucketRemaining), (old, taken) -> taken.with(old.drain()));
				return new Response(true, headers(budget, bucketRemaining + fresh.tokens.get(), true));
			})
			.onErrorResume(ex -> unchecked(budget, ex));
	}

	/** Tokens one lease takes: a tenth of a second's refill in whole requests, at least one request. */
	static long leaseSize(Budget budget) {
		long requests = Math.max(1, budget.replenishRate() / budget.requestedTokens() / 10);
		return Math.min(requests, Math.max(1, budget.limit() / 4)) * budget.requestedTokens();
	}

	private Mono<Response> unchecked(Budget budget, Throwable cause) {
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= WARNING_INTERVAL_NANOS && this.lastWarning.compareAndSet(last, now)) {
			log.warn("Rate limits cannot be checked: Redis is unreachable; {} ({} budget): {}",
					this.properties.failOpen() ? "letting requests through" : "refusing requests", budget, cause.toString());
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

	private Budget budget(String kind) {
		return switch (kind) {
			case RateLimitKeys.API_KEY -> this.properties.apiKey();
			case RateLimitKeys.USER -> this.properties.user();
			default -> this.properties.address();
		};
	}

	/**
	 * The script's text, read once: a script made from a resource checks the resource's last
	 * modification on every call (a class path lookup and a {@code stat}), which Spring Cloud
	 * Gateway's own limiter did on every request.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static RedisScript<List<Long>> leaseScript() {
		try {
			String text = new ClassPathResource("ratelimit/lease-tokens.lua").getContentAsString(StandardCharsets.UTF_8);
			return (RedisScript) RedisScript.of(text, List.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The rate limit script cannot be read", ex);
		}
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

	/**
	 * Tokens this replica took from the shared bucket and has not spent yet, and what the bucket
	 * held after they were taken (for the headers).
	 */
	private static final class Lease {

		private final AtomicLong tokens;

		final long bucketRemaining;

		Lease(long tokens, long bucketRemaining) {
			this.tokens = new AtomicLong(tokens);
			this.bucketRemaining = bucketRemaining;
		}

		/** Takes every unspent token of this lease. */
		long drain() {
			return this.tokens.getAndSet(0);
		}

		/** This lease with {@code more} tokens added. */
		Lease with(long more) {
			this.tokens.addAndGet(more);
			return this;
		}

		/** The tokens left after spending {@code cost}, or -1 (and nothing spent) when too few are left. */
		long spend(long cost) {
			long left = this.tokens.addAndGet(-cost);
			if (left < 0) {
				this.tokens.addAndGet(cost);
				return -1;
			}
			return left;
		}

	}

}

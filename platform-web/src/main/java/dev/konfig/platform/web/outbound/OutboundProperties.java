package dev.konfig.platform.web.outbound;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpMethod;
import org.springframework.lang.Nullable;

/**
 * Settings of the outbound HTTP clients ({@code konfig.http.*}): {@code defaults} for every
 * client, and per named client ({@code clients.<name>}) only what differs. A setting left out
 * falls back to the client's entry, then to {@code defaults}, then to {@link #BUILT_IN}, so a
 * service names only the peer's URL and what it deliberately changes.
 *
 * @param defaults settings of every client unless its own entry says otherwise
 * @param clients per client name, its base URL and overrides
 */
@ConfigurationProperties("konfig.http")
public record OutboundProperties(@DefaultValue Settings defaults, @DefaultValue Map<String, Settings> clients) {

	/**
	 * The suite's defaults: short timeouts so nothing waits on a dead peer, an idle time below
	 * the services' 60 s keep-alive, retries of idempotent calls only, no bulkhead (the pool
	 * bounds concurrency).
	 */
	public static final Settings BUILT_IN = new Settings(null, Duration.ofSeconds(2), Duration.ofSeconds(5),
			new Pool(100, 1000, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(5)), 0,
			new Retry(2, Duration.ofMillis(100), Duration.ofSeconds(1), 0.5,
					Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS)),
			new Breaker(20, 10, 50f, Duration.ofSeconds(10), 3, null));

	public OutboundProperties {
		defaults = (defaults != null) ? defaults : Settings.NONE;
		clients = (clients != null) ? Map.copyOf(clients) : Map.of();
	}

	/** The settings of the client of this name: its own, else the defaults, else the built-in ones. */
	public Settings resolve(String name) {
		Settings resolved = this.clients.getOrDefault(name, Settings.NONE).or(this.defaults).or(BUILT_IN);
		resolved.validate("konfig.http.clients." + name);
		return resolved;
	}

	/** {@code konfig.http.defaults} over the built-in settings. */
	public Settings resolveDefaults() {
		Settings resolved = this.defaults.or(BUILT_IN);
		resolved.validate("konfig.http.defaults");
		return resolved;
	}

	/**
	 * One client's settings; {@code null} means "not set here".
	 *
	 * @param baseUrl the peer's base URL; without one, requests need absolute URIs
	 * @param connectTimeout TCP connect timeout of one attempt
	 * @param responseTimeout longest wait for the response (between reads) of one attempt
	 * @param pool the connection pool of this client
	 * @param maxConcurrentCalls calls in flight before further ones fail fast with 503 (a
	 * semaphore bulkhead that does not wait); 0 turns it off and lets the pool bound concurrency
	 * @param retry retries of idempotent requests
	 * @param breaker the circuit breaker of this client
	 */
	public record Settings(@Nullable String baseUrl, @Nullable Duration connectTimeout,
			@Nullable Duration responseTimeout, @Nullable Pool pool, @Nullable Integer maxConcurrentCalls,
			@Nullable Retry retry, @Nullable Breaker breaker) {

		static final Settings NONE = new Settings(null, null, null, null, null, null, null);

		/** This client's settings, where unset taken from {@code fallback}. */
		Settings or(Settings fallback) {
			return new Settings(first(this.baseUrl, fallback.baseUrl), first(this.connectTimeout, fallback.connectTimeout),
					first(this.responseTimeout, fallback.responseTimeout), merge(this.pool, fallback.pool, Pool::or),
					first(this.maxConcurrentCalls, fallback.maxConcurrentCalls),
					merge(this.retry, fallback.retry, Retry::or), merge(this.breaker, fallback.breaker, Breaker::or));
		}

		/**
		 * The longest one protected call may take: every attempt's connect and response timeout
		 * plus the longest backoffs between them, unless the breaker sets its own time limit.
		 */
		public Duration timeLimit() {
			if (this.breaker.timeLimit() != null) {
				return this.breaker.timeLimit();
			}
			Duration attempt = this.connectTimeout.plus(this.responseTimeout);
			return attempt.multipliedBy(this.retry.maxRetries() + 1L)
				.plus(this.retry.maxBackoff().multipliedBy(this.retry.maxRetries()));
		}

		void validate(String name) {
			positive(name, "connect-timeout", this.connectTimeout);
			positive(name, "response-timeout", this.responseTimeout);
			positive(name, "pool.pending-acquire-timeout", this.pool.pendingAcquireTimeout());
			positive(name, "pool.max-idle-time", this.pool.maxIdleTime());
			positive(name, "pool.max-life-time", this.pool.maxLifeTime());
			positive(name, "retry.first-backoff", this.retry.firstBackoff());
			positive(name, "retry.max-backoff", this.retry.maxBackoff());
			positive(name, "breaker.wait-in-open-state", this.breaker.waitInOpenState());
			check(this.pool.maxConnections() > 0, name, "pool.max-connections must be positive");
			check(this.pool.pendingAcquireMaxCount() > 0, name, "pool.pending-acquire-max-count must be positive");
			check(this.maxConcurrentCalls >= 0, name, "max-concurrent-calls must not be negative (0 = no bulkhead)");
			check(this.retry.maxRetries() >= 0, name, "retry.max-retries must not be negative");
			check(this.retry.jitter() >= 0 && this.retry.jitter() <= 1, name, "retry.jitter must be between 0 and 1");
			check(this.breaker.slidingWindowSize() > 0, name, "breaker.sliding-window-size must be positive");
			check(this.breaker.minimumNumberOfCalls() > 0, name, "breaker.minimum-number-of-calls must be positive");
			check(this.breaker.failureRateThreshold() > 0 && this.breaker.failureRateThreshold() <= 100, name,
					"breaker.failure-rate-threshold must be above 0 and at most 100");
			check(this.breaker.permittedCallsInHalfOpenState() > 0, name,
					"breaker.permitted-calls-in-half-open-state must be positive");
			if (this.breaker.timeLimit() != null) {
				positive(name, "breaker.time-limit", this.breaker.timeLimit());
			}
		}

	}

	/**
	 * The client's own connection pool, so one slow peer cannot take another's connections.
	 *
	 * @param maxConnections connections open at once to the peer
	 * @param pendingAcquireMaxCount requests queued for a connection before further ones fail
	 * @param pendingAcquireTimeout longest wait for a free connection
	 * @param maxIdleTime an idle connection is closed after this; below the services' 60 s
	 * keep-alive, so a connection the peer is closing is never reused
	 * @param maxLifeTime a connection is closed after this, idle or not, so replicas rebalance
	 */
	public record Pool(@Nullable Integer maxConnections, @Nullable Integer pendingAcquireMaxCount,
			@Nullable Duration pendingAcquireTimeout, @Nullable Duration maxIdleTime, @Nullable Duration maxLifeTime) {

		Pool or(Pool fallback) {
			return new Pool(first(this.maxConnections, fallback.maxConnections),
					first(this.pendingAcquireMaxCount, fallback.pendingAcquireMaxCount),
					first(this.pendingAcquireTimeout, fallback.pendingAcquireTimeout),
					first(this.maxIdleTime, fallback.maxIdleTime), first(this.maxLifeTime, fallback.maxLifeTime));
		}

	}

	/**
	 * Retries of a request that may safely run twice. Only the methods listed are retried,
	 * only after a connect error, a response timeout or a 5xx answer, never after a 4xx.
	 *
	 * @param maxRetries retries after the first attempt (0 = none)
	 * @param firstBackoff wait before the first retry, doubled for each next one
	 * @param maxBackoff longest wait between two attempts
	 * @param jitter share of each wait that is random (0 to 1), so callers do not retry in step
	 * @param methods the methods retried; GET, HEAD and OPTIONS by default. PUT and DELETE are
	 * idempotent by HTTP's definition, but a DELETE retried after its answer was lost meets a
	 * 404, so a client adds them only when its caller treats that as done
	 */
	public record Retry(@Nullable Integer maxRetries, @Nullable Duration firstBackoff, @Nullable Duration maxBackoff,
			@Nullable Double jitter, @Nullable Set<HttpMethod> methods) {

		Retry or(Retry fallback) {
			return new Retry(first(this.maxRetries, fallback.maxRetries), first(this.firstBackoff, fallback.firstBackoff),
					first(this.maxBackoff, fallback.maxBackoff), first(this.jitter, fallback.jitter),
					first(this.methods, fallback.methods));
		}

	}

	/**
	 * The client's circuit breaker (count based). A 4xx answer never counts as a failure.
	 *
	 * @param slidingWindowSize calls the failure rate is computed over
	 * @param minimumNumberOfCalls calls needed before the rate is computed at all
	 * @param failureRateThreshold percentage of failed calls that opens the circuit
	 * @param waitInOpenState how long an open circuit refuses calls before letting a few through
	 * @param permittedCallsInHalfOpenState the calls let through to test the peer again
	 * @param timeLimit the longest one protected call may take; when unset, computed from the
	 * client's own timeouts and retries (see {@link Settings#timeLimit()})
	 */
	public record Breaker(@Nullable Integer slidingWindowSize, @Nullable Integer minimumNumberOfCalls,
			@Nullable Float failureRateThreshold, @Nullable Duration waitInOpenState,
			@Nullable Integer permittedCallsInHalfOpenState, @Nullable Duration timeLimit) {

		Breaker or(Breaker fallback) {
			return new Breaker(first(this.slidingWindowSize, fallback.slidingWindowSize),
					first(this.minimumNumberOfCalls, fallback.minimumNumberOfCalls),
					first(this.failureRateThreshold, fallback.failureRateThreshold),
					first(this.waitInOpenState, fallback.waitInOpenState),
					first(this.permittedCallsInHalfOpenState, fallback.permittedCallsInHalfOpenState),
					first(this.timeLimit, fallback.timeLimit));
		}

	}

	private static <T> T first(@Nullable T value, @Nullable T fallback) {
		return (value != null) ? value : fallback;
	}

	private static <T> T merge(@Nullable T value, @Nullable T fallback, BinaryOperator<T> or) {
		if (value == null) {
			return fallback;
		}
		return (fallback != null) ? or.apply(value, fallback) : value;
	}

	private static void positive(String name, String setting, Duration value) {
		check(value != null && !value.isNegative() && !value.isZero(), name, setting + " must be positive");
	}

	private static void check(boolean valid, String name, String message) {
		if (!valid) {
			throw new IllegalArgumentException(name + "." + message);
		}
	}

}

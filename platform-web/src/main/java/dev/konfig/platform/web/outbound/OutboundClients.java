package dev.konfig.platform.web.outbound;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.konfig.platform.web.KonfigException;

/**
 * The one way a service calls another: {@code client("tenant-service")} gives that peer's
 * {@link OutboundClient}, built once from {@code konfig.http.clients.tenant-service.*} over
 * {@code konfig.http.defaults.*} ({@link OutboundProperties}). Each client has its own
 * connection pool and circuit breaker; every client starts from Boot's
 * {@code WebClient.Builder}, so request ids, traces and observations go along. A peer's URL
 * may list several replicas or name a DNS host; its requests are then balanced over the
 * replicas in service ({@link PeerGroups}).
 */
public class OutboundClients implements DisposableBean {

	private final OutboundProperties properties;

	private final WebClient.Builder builder;

	private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();

	private final Map<String, OutboundClient> clients = new ConcurrentHashMap<>();

	private final List<ConnectionProvider> pools = new CopyOnWriteArrayList<>();

	private final PeerGroups peers;

	/**
	 * @param properties the clients' settings
	 * @param builder Boot's builder (customized with request id propagation and observation);
	 * each client works on its own clone
	 */
	public OutboundClients(OutboundProperties properties, WebClient.Builder builder) {
		this(properties, builder, PeerProbeProperties.BUILT_IN);
	}

	/**
	 * @param properties the clients' settings
	 * @param builder Boot's builder; each client works on its own clone
	 * @param probes how the replicas of balanced peers are watched
	 */
	public OutboundClients(OutboundProperties properties, WebClient.Builder builder, PeerProbeProperties probes) {
		this.properties = properties;
		this.builder = builder;
		this.peers = new PeerGroups(probes);
	}

	/**
	 * Clients with the built-in settings and a plain builder, for code that runs outside an
	 * application context (tests, tools). Services inject the auto-configured bean instead.
	 */
	public static OutboundClients withBuiltInSettings() {
		return withSettings(new OutboundProperties(null, null));
	}

	/** Clients with these settings, outside a Spring context (command-line programs). */
	public static OutboundClients withSettings(OutboundProperties properties) {
		return new OutboundClients(properties, WebClient.builder());
	}

	/** The client of this peer; the same instance (pool, breaker) on every call. */
	public OutboundClient client(String name) {
		return this.clients.computeIfAbsent(name, this::create);
	}

	/**
	 * The URL to write a peer's requests to, from a setting that may list several replicas
	 * ({@code http://127.0.0.1:8083,http://127.0.0.1:8093/path}) or name a DNS host: requests
	 * to it made with any of these clients are balanced over the replicas in service. A single
	 * fixed address comes back unchanged. For URLs kept outside {@code konfig.http.clients}
	 * (the JWKS, the token endpoint, the outbox subscribers).
	 */
	public String address(String peer, String spec) {
		return this.peers.address(peer, spec);
	}

	/** The peers this service balances over, shared with the gateway's load balancer. */
	public PeerGroups peers() {
		return this.peers;
	}

	/** The settings a client of this name has, after falling back to the defaults. */
	public OutboundProperties.Settings settings(String name) {
		return this.properties.resolve(name);
	}

	/**
	 * A 4xx answer, or a problem the caller's own input caused: the peer (or the caller) is
	 * fine, so no breaker of the suite counts it as a failure.
	 */
	public static boolean isClientError(Throwable failure) {
		if (failure instanceof WebClientResponseException response) {
			return response.getStatusCode().is4xxClientError();
		}
		if (failure instanceof KonfigException konfig) {
			return konfig.status().is4xxClientError();
		}
		if (failure instanceof ErrorResponse response) {
			return response.getStatusCode().is4xxClientError();
		}
		return false;
	}

	/**
	 * The suite's breaker: count based, opened by failures only, where a client error
	 * ({@link #isClientError}) counts as a success (the peer answered). Also used by the
	 * gateway's route breakers, so both read the same {@code konfig.http.defaults.breaker.*}.
	 */
	public static CircuitBreakerConfig circuitBreakerConfig(OutboundProperties.Breaker breaker) {
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(breaker.slidingWindowSize())
			.minimumNumberOfCalls(breaker.minimumNumberOfCalls())
			.failureRateThreshold(breaker.failureRateThreshold())
			.waitDurationInOpenState(breaker.waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
			.recordException(failure -> !isClientError(failure))
			.build();
	}

	private OutboundClient create(String name) {
		OutboundProperties.Settings settings = this.properties.resolve(name);
		OutboundProperties.Pool poolSettings = settings.pool();
		ConnectionProvider pool = ConnectionProvider.builder("konfig-http-" + name)
			.maxConnections(poolSettings.maxConnections())
			.pendingAcquireMaxCount(poolSettings.pendingAcquireMaxCount())
			.pendingAcquireTimeout(poolSettings.pendingAcquireTimeout())
			.maxIdleTime(poolSettings.maxIdleTime())
			.maxLifeTime(poolSettings.maxLifeTime())
			.build();
		this.pools.add(pool);
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(settings.connectTimeout().toMillis()))
			.responseTimeout(settings.responseTimeout());
		WebClient.Builder web = this.builder.clone()
			.clientConnector(new BalancingConnector(new ReactorClientHttpConnector(http), this.peers))
			.filter(new IdempotentRetryFilter(settings.retry()));
		if (settings.baseUrl() != null && !settings.baseUrl().isBlank()) {
			web.baseUrl(this.peers.address(name, settings.baseUrl()));
		}
		CircuitBreaker breaker = this.breakers.circuitBreaker(name, circuitBreakerConfig(settings.breaker()));
		Bulkhead bulkhead = (settings.maxConcurrentCalls() > 0) ? Bulkhead.of(name,
				BulkheadConfig.custom()
					.maxConcurrentCalls(settings.maxConcurrentCalls())
					.maxWaitDuration(Duration.ZERO)
					.build())
				: null;
		return new OutboundClient(name, web.build(), breaker, bulkhead, settings.timeLimit());
	}

	@Override
	public void destroy() {
		this.peers.close();
		this.pools.forEach(ConnectionProvider::dispose);
	}

}

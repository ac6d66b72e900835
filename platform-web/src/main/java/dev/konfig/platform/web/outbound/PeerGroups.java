package dev.konfig.platform.web.outbound;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.RoundRobinLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.SimpleObjectProvider;
import org.springframework.lang.Nullable;

/**
 * Every peer this service balances over, shared by its outbound clients and (in the gateway) by
 * its {@code lb://} routes, so both see the same instances and the same health. A peer set to one
 * URL with an IP literal or {@code localhost} host is left alone: no probes, no extra work per
 * request. A peer with several URLs, or a DNS name, is a {@link PeerGroup}: requests to its first
 * address are spread round robin (Spring Cloud LoadBalancer's) over the instances in service,
 * each instance's readiness is probed every {@link PeerProbeProperties#interval()}, and names are
 * resolved again every {@link PeerProbeProperties#dnsRefresh()}.
 */
public final class PeerGroups implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PeerGroups.class);

	private final PeerProbeProperties settings;

	/** By the group's list of authorities, so identical settings share one group. */
	private final Map<String, PeerGroup> groups = new ConcurrentHashMap<>();

	/** Groups that balance, by their first authority: the address requests are written to. */
	private final Map<String, PeerGroup> byAddress = new ConcurrentHashMap<>();

	private final Map<PeerGroup, RoundRobinLoadBalancer> balancers = new ConcurrentHashMap<>();

	private final AtomicLong ticks = new AtomicLong();

	@Nullable
	private volatile HttpClient probes;

	@Nullable
	private volatile Disposable ticker;

	private volatile boolean closed;

	public PeerGroups(PeerProbeProperties settings) {
		this.settings = settings;
	}

	/**
	 * The group of a peer's setting (one URL or a list), created on first use; the gateway's
	 * load balancer asks for it by service id. {@code null} when the setting holds no http(s) URL.
	 */
	@Nullable
	public PeerGroup group(String serviceId, @Nullable String spec) {
		PeerAddresses addresses = PeerAddresses.parse(spec);
		if (addresses == null) {
			return null;
		}
		String key = addresses.scheme() + "://" + String.join(",", addresses.authorities());
		PeerGroup group = this.groups.computeIfAbsent(key, ignored -> new PeerGroup(serviceId, addresses));
		if (group.balances()) {
			this.byAddress.putIfAbsent(addresses.authorities().get(0), group);
			startProbes();
		}
		return group;
	}

	/**
	 * The URL to write requests to for this setting: unchanged when it names one fixed address;
	 * else the first replica's address (with the setting's path), which this service's outbound
	 * clients then spread over the group.
	 */
	public String address(String serviceId, String spec) {
		PeerAddresses addresses = PeerAddresses.parse(spec);
		if (addresses == null) {
			return spec;
		}
		PeerGroup group = group(serviceId, spec);
		return (group != null && group.balances()) ? addresses.firstUrl() : spec;
	}

	/** The balancing group requests to this URI go to, if any. */
	@Nullable
	PeerGroup balancing(URI uri) {
		if (this.byAddress.isEmpty() || uri.getHost() == null) {
			return null;
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
		return this.byAddress.get(uri.getHost() + ":" + port);
	}

	/** The next instance of the group in service, round robin. */
	Mono<ServiceInstance> choose(PeerGroup group) {
		RoundRobinLoadBalancer balancer = this.balancers.computeIfAbsent(group,
				g -> new RoundRobinLoadBalancer(new SimpleObjectProvider<ServiceInstanceListSupplier>(g), g.getServiceId()));
		return balancer.choose().filter(Response::hasServer).map(Response::getServer);
	}

	/**
	 * Whether the failure happened before a connection existed, so the request never left and may
	 * go to another instance whatever its method.
	 */
	public static boolean isConnectFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
					|| cause instanceof NoRouteToHostException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	/** Leaves this instance of the service out of balancing until its readiness probe answers. */
	public void markOut(String serviceId, String instanceId) {
		this.groups.values()
			.stream()
			.filter(group -> group.all().stream().anyMatch(instance -> instance.getInstanceId().equals(instanceId)))
			.forEach(group -> group.markOut(instanceId));
	}

	/** Every group known, for status pages and tests. */
	public List<PeerGroup> groups() {
		return List.copyOf(this.groups.values());
	}

	private synchronized void startProbes() {
		if (this.ticker != null || this.closed) {
			return;
		}
		ConnectionProvider pool = ConnectionProvider.builder("konfig-peer-probes")
			.maxConnections(64)
			.maxIdleTime(Duration.ofSeconds(20))
			.build();
		this.probes = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(this.settings.timeout().toMillis()))
			.responseTimeout(this.settings.timeout());
		this.ticker = Flux.interval(this.settings.interval(), this.settings.interval(), Schedulers.newSingle("konfig-peers", true))
			.onBackpressureDrop()
			.concatMap(tick -> probeAll().onErrorResume(ex -> {
				log.debug("peer probes failed: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	private Mono<Void> probeAll() {
		long tick = this.ticks.incrementAndGet();
		long everyRefresh = Math.max(1, this.settings.dnsRefresh().toMillis() / this.settings.interval().toMillis());
		Mono<Void> refresh = (tick % everyRefresh == 0) ? Mono.fromRunnable(() -> this.groups.values().forEach(PeerGroup::refresh))
			.subscribeOn(Schedulers.boundedElastic())
			.then() : Mono.empty();
		return refresh.thenMany(Flux.fromIterable(this.groups.values()))
			.filter(PeerGroup::balances)
			.flatMap(group -> Flux.fromIterable(group.all()).flatMap(instance -> probe(group, instance)))
			.then();
	}

	private Mono<Void> probe(PeerGroup group, ServiceInstance instance) {
		HttpClient client = this.probes;
		if (client == null || group.all().size() < 2) {
			return Mono.empty();
		}
		String url = group.scheme() + "://" + instance.getInstanceId() + this.settings.path();
		return client.get()
			.uri(url)
			.responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
			.timeout(this.settings.timeout().plusMillis(100))
			.onErrorReturn(-1)
			.doOnNext(status -> {
				// 404: an instance without a readiness endpoint (a stub) is taken at its word.
				if (status == 200 || status == 404) {
					group.markIn(instance.getInstanceId());
				}
				else {
					group.markOut(instance.getInstanceId());
				}
			})
			.then();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.ticker != null) {
			this.ticker.dispose();
		}
	}

}

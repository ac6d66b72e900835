package dev.konfig.platform.web.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * The replicas of one peer, for Spring Cloud LoadBalancer: the configured URLs, where a host
 * name (not an IP literal, not {@code localhost}) stands for every address it resolves to,
 * refreshed as DNS changes (Compose's {@code --scale} gives one name many addresses). An
 * instance that refused a connection or answers its readiness probe with anything but 200 is
 * left out until its probe answers 200 again; when every instance is out, all are offered (a
 * request that may fail beats a certain 503).
 */
public final class PeerGroup implements ServiceInstanceListSupplier {

	private static final Logger log = LoggerFactory.getLogger(PeerGroup.class);

	private final String serviceId;

	private final PeerAddresses addresses;

	private final boolean resolves;

	private volatile List<ServiceInstance> instances;

	private final Set<String> out = ConcurrentHashMap.newKeySet();

	PeerGroup(String serviceId, PeerAddresses addresses) {
		this.serviceId = serviceId;
		this.addresses = addresses;
		this.resolves = addresses.authorities().stream().map(PeerGroup::hostOf).anyMatch(PeerGroup::isName);
		this.instances = instancesOf(addresses.authorities());
		if (this.resolves) {
			refresh();
		}
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return Flux.just(available());
	}

	/** The instances in service now (every instance when none is). */
	public List<ServiceInstance> available() {
		List<ServiceInstance> all = this.instances;
		if (this.out.isEmpty()) {
			return all;
		}
		List<ServiceInstance> in = new ArrayList<>(all.size());
		for (ServiceInstance instance : all) {
			if (!this.out.contains(instance.getInstanceId())) {
				in.add(instance);
			}
		}
		return in.isEmpty() ? all : in;
	}

	/** Every instance known now, in service or not. */
	public List<ServiceInstance> all() {
		return this.instances;
	}

	/** Leaves this instance out until its readiness probe answers 200. */
	public void markOut(String instanceId) {
		if (this.instances.size() > 1 && this.out.add(instanceId)) {
			log.info("{} {} left out of balancing until it is ready again", this.serviceId, instanceId);
		}
	}

	/** Takes this instance back into balancing: its readiness probe answered (or a test says so). */
	public void markIn(String instanceId) {
		if (this.out.remove(instanceId)) {
			log.info("{} {} back in balancing", this.serviceId, instanceId);
		}
	}

	boolean isOut(String instanceId) {
		return this.out.contains(instanceId);
	}

	/** Whether the peer may have several instances, so probes are worth their cost. */
	boolean balances() {
		return this.resolves || this.instances.size() > 1;
	}

	String scheme() {
		return this.addresses.scheme();
	}

	/** Resolves the configured host names again; a lookup that fails keeps the previous addresses. */
	void refresh() {
		if (!this.resolves) {
			return;
		}
		List<ServiceInstance> resolved = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String authority : this.addresses.authorities()) {
			String host = hostOf(authority);
			String port = authority.substring(authority.lastIndexOf(':') + 1);
			List<String> found = new ArrayList<>();
			if (!isName(host)) {
				found.add(authority);
			}
			else {
				try {
					for (InetAddress address : InetAddress.getAllByName(host)) {
						String literal = address.getHostAddress();
						found.add(((literal.indexOf(':') >= 0) ? "[" + literal + "]" : literal) + ":" + port);
					}
				}
				catch (UnknownHostException ex) {
					log.debug("{}: {} does not resolve now", this.serviceId, host);
					this.instances.stream()
						.filter(instance -> authority.equals(instance.getMetadata().get("configured")))
						.forEach(instance -> found.add(instance.getInstanceId()));
				}
			}
			for (String each : found) {
				if (seen.add(each)) {
					resolved.add(instance(each, authority));
				}
			}
		}
		if (!resolved.isEmpty() && !ids(resolved).equals(ids(this.instances))) {
			log.info("{} instances: {}", this.serviceId, ids(resolved));
			this.instances = List.copyOf(resolved);
			this.out.retainAll(ids(resolved));
		}
	}

	private List<ServiceInstance> instancesOf(List<String> authorities) {
		return authorities.stream().map(authority -> instance(authority, authority)).toList();
	}

	private ServiceInstance instance(String authority, String configured) {
		int colon = authority.lastIndexOf(':');
		String host = authority.substring(0, colon);
		if (host.startsWith("[")) {
			host = host.substring(1, host.length() - 1);
		}
		int port = Integer.parseInt(authority.substring(colon + 1));
		return new DefaultServiceInstance(authority, this.serviceId, host, port,
				"https".equals(this.addresses.scheme()), Map.of("configured", configured));
	}

	private static Set<String> ids(List<ServiceInstance> instances) {
		Set<String> ids = new LinkedHashSet<>();
		instances.forEach(instance -> ids.add(instance.getInstanceId()));
		return ids;
	}

	static String hostOf(String authority) {
		return authority.substring(0, authority.lastIndexOf(':'));
	}

	/** A DNS name worth resolving: not an IP literal, not {@code localhost}. */
	static boolean isName(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		if (lower.equals("localhost") || lower.startsWith("[") || lower.indexOf(':') >= 0) {
			return false;
		}
		return !lower.matches("[0-9.]+");
	}

}

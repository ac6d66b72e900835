package dev.konfig.platform.web.outbound;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a peer's replicas are watched ({@code konfig.http.peers.*}); only peers with several
 * replicas or a DNS name are probed at all.
 *
 * @param interval time between two readiness probes of each replica; a replica shutting down
 * answers 503 during its drain delay, which must be longer than this
 * @param timeout connect and answer timeout of one probe
 * @param path the readiness endpoint of every service
 * @param dnsRefresh time between two lookups of a peer's host name
 */
@ConfigurationProperties("konfig.http.peers")
public record PeerProbeProperties(@DefaultValue("1s") Duration interval, @DefaultValue("500ms") Duration timeout,
		@DefaultValue("/actuator/health/readiness") String path, @DefaultValue("5s") Duration dnsRefresh) {

	public static final PeerProbeProperties BUILT_IN = new PeerProbeProperties(Duration.ofSeconds(1),
			Duration.ofMillis(500), "/actuator/health/readiness", Duration.ofSeconds(5));

	public PeerProbeProperties {
		if (interval == null || interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("konfig.http.peers.interval must be positive");
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("konfig.http.peers.timeout must be positive");
		}
	}

}

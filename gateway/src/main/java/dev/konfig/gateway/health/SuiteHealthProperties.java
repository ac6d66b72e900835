package dev.konfig.gateway.health;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code konfig.gateway.health.*}: what {@code GET /health} answers and asks.
 *
 * @param app the application name in the answer ({@code app})
 * @param version the suite's version in the answer ({@code version})
 * @param services the outbound clients ({@code konfig.http.clients.<name>}) whose readiness the
 * suite needs; any one not ready makes the answer 503 {@code unhealthy}
 * @param timeout how long one readiness probe may take
 * @param cacheTtl how long an answer is reused, so a busy health check costs the services at
 * most one probe each per this interval whatever the number of callers
 */
@ConfigurationProperties("konfig.gateway.health")
record SuiteHealthProperties(@DefaultValue("Konfig") String app, @DefaultValue("unknown") String version,
		@DefaultValue({ "auth-service", "tenant-service", "config-service", "audit-service" }) List<String> services,
		@DefaultValue("2s") Duration timeout, @DefaultValue("2s") Duration cacheTtl) {

	SuiteHealthProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("konfig.gateway.health.timeout must be positive");
		}
		if (cacheTtl.isNegative()) {
			throw new IllegalArgumentException("konfig.gateway.health.cache-ttl must not be negative");
		}
	}

}

package dev.konfig.tenant.admin;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the admin endpoints ({@code konfig.tenant.admin.*}). Each peer is an outbound
 * client of the same name ({@code konfig.http.clients.<name>.base-url}); a peer without a base
 * URL is not part of this deployment: the overview names it in {@code unavailable} and the
 * health check leaves it out.
 *
 * @param healthServices the services whose readiness {@code GET /api/v1/admin/health} reports
 * @param peerTimeout how long one peer may take to answer an admin call (readiness, totals, usage)
 */
@ConfigurationProperties("konfig.tenant.admin")
public record AdminProperties(
		@DefaultValue({ "auth-service", "config-service", "audit-service", "file-service",
				"print-service" }) List<String> healthServices,
		@DefaultValue("2s") Duration peerTimeout) {
}

package dev.konfig.tenant.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of an organization's statistics, gathered from auth-service, file-service and
 * print-service (outbound clients of those names).
 *
 * @param cacheTtl how long one organization's answer is reused (and the {@code max-age} it is
 * sent with)
 * @param peerTimeout the longest a statistics call to one peer may take; a slower peer's section
 * is left out and the peer named in {@code unavailable}
 */
@ConfigurationProperties("konfig.tenant.stats")
public record StatsProperties(@DefaultValue("10s") Duration cacheTtl, @DefaultValue("2s") Duration peerTimeout) {
}

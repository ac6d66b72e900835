package dev.konfig.print.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * print-service's own settings ({@code konfig.print.*}, spec §10).
 *
 * @param maxPrintersPerOrganization printers an organization may have (PR-9, 409 beyond)
 * @param maxOpenJobsPerOrganization pending and held jobs an organization may have (PJ-5)
 * @param agentLease how long a claim lives without a report (AG-8)
 * @param agentPollInterval how often agents are told to ask for work; {@code online} is three of these
 * @param maxAttempts claims of one try before a lost lease fails the job (PJ-9)
 * @param claimMaxWait the longest {@code wait_seconds} a claim may ask for (AG-3)
 * @param minEffectiveDpi the lowest effective DPI a capability check accepts (PR-5)
 * @param leaseSweepInterval how often each replica looks for expired leases
 * @param streamHeartbeat how often an idle event stream sends a comment
 */
@ConfigurationProperties("konfig.print")
public record PrintProperties(@DefaultValue("100") int maxPrintersPerOrganization,
		@DefaultValue("10000") int maxOpenJobsPerOrganization, @DefaultValue("60s") Duration agentLease,
		@DefaultValue("10s") Duration agentPollInterval, @DefaultValue("3") int maxAttempts,
		@DefaultValue("30s") Duration claimMaxWait, @DefaultValue("300") int minEffectiveDpi,
		@DefaultValue("5s") Duration leaseSweepInterval, @DefaultValue("15s") Duration streamHeartbeat) {

	public PrintProperties {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("konfig.print.max-attempts must be at least 1");
		}
		if (agentLease.toSeconds() < 3) {
			throw new IllegalArgumentException("konfig.print.agent-lease must be at least 3s");
		}
	}

}

package dev.konfig.platform.outbox;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The outbox relay's settings ({@code konfig.outbox.*}).
 *
 * @param enabled {@code false} turns the outbox and its relay off (audit-service itself)
 * @param auditUrl base URL of audit-service
 * @param batchSize events claimed and sent per request
 * @param initialBackoff delay before the first retry of a failed delivery; doubled per attempt
 * @param maxBackoff the longest delay between retries
 * @param pollInterval the safety-net timer; NOTIFY normally wakes the relay right after commit
 * @param timeout connect plus response time allowed for one delivery
 * @param retention how long delivered rows stay before the relay deletes them
 */
@ConfigurationProperties("konfig.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("http://localhost:8086") URI auditUrl, @DefaultValue("100") int batchSize,
		@DefaultValue("1s") Duration initialBackoff, @DefaultValue("5m") Duration maxBackoff,
		@DefaultValue("10s") Duration pollInterval, @DefaultValue("10s") Duration timeout,
		@DefaultValue("1h") Duration retention) {

	public OutboxProperties {
		if (batchSize < 1 || batchSize > 1000) {
			throw new IllegalArgumentException("konfig.outbox.batch-size must be between 1 and 1000");
		}
	}

}

package dev.konfig.audit.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * audit-service's own settings.
 *
 * @param maxBatchSize events one ingestion request may carry
 * @param maxExportDays the longest range one export may cover
 * @param fetchSize rows fetched per round trip when streaming exports and verification, so
 * memory stays constant however many rows match
 */
@ConfigurationProperties("konfig.audit")
public record AuditProperties(@DefaultValue("1000") int maxBatchSize, @DefaultValue("365") int maxExportDays,
		@DefaultValue("500") int fetchSize) {
}

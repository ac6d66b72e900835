package dev.konfig.tenant.stats;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An organization's statistics (ST-1). A section is {@code null} when the service that owns it
 * could not answer; that service is then named in {@code unavailable}.
 */
record StatsResponse(UUID organizationId, Instant generatedAt, Object members, Object shops, Object files,
		Object printers, Object printJobs, List<String> unavailable) {
}

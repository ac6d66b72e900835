package dev.konfig.print.agent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.lang.Nullable;

/** A print agent row (AG-2): one per API key; {@code allowedPrinterIds} null means every printer. */
record Agent(UUID id, UUID organizationId, String apiKeyId, String name, @Nullable String hostname,
		@Nullable String version, List<UUID> declaredPrinterIds, @Nullable List<UUID> allowedPrinterIds,
		boolean enabled, Instant lastSeenAt, Instant createdAt, Instant updatedAt) {
}

package dev.konfig.config.namespace;

import java.time.Instant;
import java.util.UUID;

/**
 * A namespace row; {@code revision} counts the changes of its configs, and
 * {@code requireIfMatch} makes config writes without {@code If-Match} answer 428.
 */
public record Namespace(UUID id, UUID organizationId, String name, String description, long revision,
		boolean requireIfMatch, Instant createdAt, Instant updatedAt) {
}

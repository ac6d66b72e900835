package dev.konfig.config.namespace;

import java.time.Instant;
import java.util.UUID;

/** A namespace row; {@code revision} counts the changes of its configs. */
public record Namespace(UUID id, UUID organizationId, String name, String description, long revision,
		Instant createdAt, Instant updatedAt) {
}

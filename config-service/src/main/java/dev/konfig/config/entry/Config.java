package dev.konfig.config.entry;

import java.time.Instant;
import java.util.UUID;

/**
 * A config row. {@code value} is stored text: JSON, or the ciphertext of the JSON when
 * {@code secret} (then {@code secretKeyId} names the key). {@code validationSchema} is JSON text
 * or null.
 */
record Config(UUID id, UUID organizationId, UUID namespaceId, String key, ValueType valueType, String value,
		String secretKeyId, boolean secret, String validationSchema, String description, long version,
		Instant createdAt, Instant updatedAt, String updatedBy) {
}

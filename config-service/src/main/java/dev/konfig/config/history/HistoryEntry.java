package dev.konfig.config.history;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of one config.
 *
 * @param value the value as stored: JSON text, or the ciphertext when {@code secret}; null
 * for a delete
 * @param secretKeyId the key that sealed a secret value
 * @param namespaceRevision the namespace's revision this change produced
 * @param changedAt set by the database; null when recording
 */
public record HistoryEntry(UUID id, UUID organizationId, UUID namespaceId, String namespaceName, UUID configId,
		String key, long version, long namespaceRevision, ChangeType changeType, String valueType, String value,
		String secretKeyId, boolean secret, String actorId, String actorType, Instant changedAt) {
}

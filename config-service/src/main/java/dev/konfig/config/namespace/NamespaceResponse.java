package dev.konfig.config.namespace;

import java.time.Instant;
import java.util.UUID;

/** A namespace as clients see it. */
record NamespaceResponse(UUID id, String name, String description, long revision, boolean requireIfMatch,
		Instant createdAt, Instant updatedAt) {

	static NamespaceResponse of(Namespace namespace) {
		return new NamespaceResponse(namespace.id(), namespace.name(), namespace.description(), namespace.revision(),
				namespace.requireIfMatch(), namespace.createdAt(), namespace.updatedAt());
	}

}

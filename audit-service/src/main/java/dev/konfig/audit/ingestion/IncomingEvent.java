package dev.konfig.audit.ingestion;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One event as a service's outbox relay sends it (the fields of platform-outbox's AuditEvent). */
record IncomingEvent(@NotNull UUID id, UUID organizationId, @NotNull Instant occurredAt,
		@NotBlank @Size(max = 100) @Pattern(regexp = "[a-z0-9_.:-]+") String eventType,
		@Size(max = 100) String entityType, @Size(max = 200) String entityId, @Valid Actor actor,
		@Size(max = 64) String ipAddress, @Size(max = 512) String userAgent, @Size(max = 128) String requestId,
		@NotBlank @Size(max = 32) String outcome, Map<String, Object> eventData) {

	record Actor(@NotBlank @Size(max = 200) String id, @NotBlank @Pattern(regexp = "user|api_key|service") String type) {
	}

}

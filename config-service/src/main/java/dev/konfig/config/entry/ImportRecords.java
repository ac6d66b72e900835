package dev.konfig.config.entry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import tools.jackson.databind.JsonNode;

/** Requests and answers of the importer's endpoints (scope {@code internal}). */
final class ImportRecords {

	private ImportRecords() {
	}

	record ImportedNamespace(@NotNull UUID id, @NotNull UUID organizationId,
			@NotBlank @Pattern(regexp = "^[a-zA-Z0-9_-]{1,255}$",
					message = "may only hold letters, digits, '_' and '-' (1 to 255)") String name,
			String description, Instant createdAt, @NotBlank @Pattern(regexp = "[a-z]{1,32}") String source) {
	}

	/**
	 * A config with its whole history, oldest first; the last entry is the current version and
	 * its value the config's value. Values are plain JSON: secrets are sealed here, with the
	 * service's own keys.
	 */
	record ImportedConfig(@NotNull UUID id, @NotNull UUID organizationId, @NotNull UUID namespaceId,
			@NotBlank @Pattern(regexp = "^[a-zA-Z0-9_.-]{1,255}$",
					message = "may only hold letters, digits, '_', '.' and '-' (1 to 255)") String key,
			@NotNull ValueType valueType, boolean isSecret, ValidationSchema validationSchema, String description,
			Instant createdAt, @Size(max = 255) String createdBy,
			@NotEmpty @Size(max = 10000) List<@Valid ImportedVersion> history,
			@NotBlank @Pattern(regexp = "[a-z]{1,32}") String source) {
	}

	/**
	 * @param value null only for a deletion
	 * @param changedBy who made the change as the source recorded it (konfig: the tenant), if known
	 */
	record ImportedVersion(@Positive long version,
			@NotNull @Pattern(regexp = "create|update|delete|rollback") String changeType, JsonNode value,
			@NotNull Instant changedAt, @Size(max = 255) String changedBy) {
	}

	/** What became of one item: {@code imported} or {@code already_there}. */
	record ImportResult(UUID id, String outcome) {

		static final String IMPORTED = "imported";

		static final String ALREADY_THERE = "already_there";

	}

}

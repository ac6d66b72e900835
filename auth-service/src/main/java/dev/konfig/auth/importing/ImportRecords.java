package dev.konfig.auth.importing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Requests and answers of the import endpoints. */
final class ImportRecords {

	/** A bcrypt hash as konfig stored it ($2a$, $2b$ or $2y$, cost, 53 characters of salt and hash). */
	static final String BCRYPT = "^\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}$";

	private ImportRecords() {
	}

	/**
	 * @param passwordHash konfig's bcrypt over base64(SHA-256(password))
	 * @param source where the user comes from ({@code konfig})
	 */
	record ImportedUser(@NotNull UUID id, @NotBlank @Email @Size(max = 255) String email,
			@NotBlank @Pattern(regexp = BCRYPT, message = "must be a bcrypt hash") String passwordHash,
			@Size(max = 255) String fullName, Instant createdAt, @NotEmpty List<@Valid ImportedMembership> memberships,
			@NotBlank @Pattern(regexp = "[a-z]{1,32}") String source) {
	}

	record ImportedMembership(@NotNull UUID organizationId,
			@NotNull @Pattern(regexp = "owner|admin|member", message = "must be owner, admin or member") String role,
			boolean isActive) {
	}

	/**
	 * @param keyHash konfig's bcrypt of the whole key
	 * @param prefix the key's first 12 characters, as konfig kept them
	 * @param createdBy the user who created it; konfig may not know, then nobody (the nil id)
	 * @param isActive false for a key konfig had switched off: it is imported revoked
	 */
	record ImportedApiKey(@NotNull UUID id, @NotNull UUID organizationId, UUID createdBy,
			@NotBlank @Size(max = 255) String name, @NotBlank @Size(min = 12, max = 12) String prefix,
			@NotBlank @Pattern(regexp = BCRYPT, message = "must be a bcrypt hash") String keyHash,
			@NotBlank String scopes, Instant expiresAt, Instant createdAt, Instant lastUsedAt, boolean isActive,
			@NotBlank @Pattern(regexp = "[a-z]{1,32}") String source) {
	}

	/** What became of one item: {@code imported} or {@code already_there}. */
	record ImportResult(UUID id, String outcome) {

		static final String IMPORTED = "imported";

		static final String ALREADY_THERE = "already_there";

		boolean imported() {
			return IMPORTED.equals(this.outcome);
		}

	}

}

package dev.konfig.auth.apikey;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Requests and responses of the API key endpoints. */
final class ApiKeyRecords {

	private ApiKeyRecords() {
	}

	record CreateApiKeyRequest(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 200) String scopes,
			Instant expiresAt) {
	}

	/**
	 * {@code key} and {@code api_key} (the same value, under the name konfig's clients read) are
	 * present only in the creation answer.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ApiKeyResponse(UUID id, String name, String prefix, String scopes, Instant createdAt, Instant expiresAt,
			Instant lastUsedAt, Instant revokedAt, String key, String apiKey) {

		ApiKeyResponse withKey(String raw) {
			return new ApiKeyResponse(this.id, this.name, this.prefix, this.scopes, this.createdAt, this.expiresAt,
					this.lastUsedAt, this.revokedAt, raw, raw);
		}

	}

	record ExchangeRequest(@NotBlank @Size(max = 200) String apiKey) {
	}

	record ExchangeResponse(String accessToken, String tokenType, long expiresIn) {
	}

	/** A stored key, as the exchange needs it. */
	record StoredKey(UUID id, UUID organizationId, String scopes, Instant lastUsedAt) {
	}

}

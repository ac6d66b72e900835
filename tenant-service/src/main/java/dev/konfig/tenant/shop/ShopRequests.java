package dev.konfig.tenant.shop;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import com.fasterxml.jackson.annotation.JsonAnySetter;

import tools.jackson.databind.JsonNode;

/**
 * Bodies of the shop endpoints. Fields a shop does not have are collected, not ignored, so a
 * typo such as {@code provider_shop_id} is a 400 rather than a silently dropped value. Free
 * fields stay JSON trees so that a wrong shape is reported on the field, and so a PATCH can
 * tell a field sent as {@code null} (clear it) from one left out (keep it).
 */
final class ShopRequests {

	private ShopRequests() {
	}

	/**
	 * {@code POST .../shops}.
	 */
	record Create(String name, String platform, String platformShopId, JsonNode shopConfig, JsonNode credentials,
			OffsetDateTime tokenExpiresAt, Boolean isActive, @JsonAnySetter Map<String, Object> unknown) {

		Create {
			unknown = (unknown == null) ? Map.of() : new LinkedHashMap<>(unknown);
		}

		@Override
		public String toString() {
			return "Create[name=" + this.name + ", platform=" + this.platform + "]";
		}

	}

	/**
	 * {@code PATCH} (or {@code PUT}) {@code .../shops/{id}}: fields left out stay as they are;
	 * {@code platform} may only restate the current one.
	 */
	record Update(String name, String platform, JsonNode platformShopId, JsonNode shopConfig, JsonNode credentials,
			JsonNode tokenExpiresAt, Boolean isActive, @JsonAnySetter Map<String, Object> unknown) {

		Update {
			unknown = (unknown == null) ? Map.of() : new LinkedHashMap<>(unknown);
		}

		@Override
		public String toString() {
			return "Update[name=" + this.name + "]";
		}

	}

	/**
	 * {@code POST /internal/shops/{id}/sync-result}: how a synchronisation ended.
	 *
	 * @param status {@code succeeded} or {@code failed}
	 * @param finishedAt when it ended
	 * @param error a safe message for a failure, at most 1000 characters
	 */
	record SyncResult(String status, OffsetDateTime finishedAt, String error) {
	}

	/**
	 * A shop brought by the importer (never credentials: the old system's tokens are connected
	 * again in the suite).
	 */
	record Import(@NotNull UUID id, @NotNull UUID organizationId, String name, String platform,
			String platformShopId, JsonNode shopConfig, Boolean isActive, UUID createdBy, Instant createdAt,
			@NotBlank @Pattern(regexp = "[a-z]{1,32}") String source) {

		Create asCreate() {
			return new Create(this.name, this.platform, this.platformShopId, this.shopConfig, null, null,
					this.isActive, Map.of());
		}

	}

	/** What became of an imported shop: {@code imported} or {@code already_there}. */
	record ImportResult(UUID id, String outcome, String detail) {

		static final String IMPORTED = "imported";

		static final String ALREADY_THERE = "already_there";

		boolean imported() {
			return IMPORTED.equals(this.outcome);
		}

	}

}

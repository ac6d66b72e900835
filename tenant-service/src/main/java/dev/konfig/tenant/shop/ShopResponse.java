package dev.konfig.tenant.shop;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** A shop as clients see it: credentials are never shown, only the names of the stored entries. */
record ShopResponse(UUID id, UUID organizationId, String name, String platform, String platformShopId,
		JsonNode shopConfig, boolean isActive, List<String> credentialKeys, Instant tokenExpiresAt,
		Instant syncRequestedAt, Instant lastSyncAt, String lastSyncStatus, String lastSyncError, UUID createdBy,
		String createdByType, Instant createdAt, Instant updatedAt, int version) {
}

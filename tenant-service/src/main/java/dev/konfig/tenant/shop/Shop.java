package dev.konfig.tenant.shop;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.lang.Nullable;

/**
 * A shop row. {@code shopConfig} is the stored JSON object as text; {@code credentials} the
 * sealed credentials (nonce, ciphertext and tag), opened only by {@link ShopCredentials}.
 */
record Shop(UUID id, UUID organizationId, String name, String platform, @Nullable String platformShopId,
		String shopConfig, @Nullable byte[] credentials, @Nullable String credentialsKeyId, List<String> credentialKeys,
		@Nullable Instant tokenExpiresAt, boolean active, @Nullable Instant syncRequestedAt,
		@Nullable Instant lastSyncAt, @Nullable String lastSyncStatus, @Nullable String lastSyncError,
		@Nullable UUID createdBy, @Nullable String createdByType, int version, Instant createdAt, Instant updatedAt) {

	/** A sync was requested and no result has come in since. */
	boolean syncPending() {
		return this.syncRequestedAt != null
				&& (this.lastSyncAt == null || this.syncRequestedAt.isAfter(this.lastSyncAt));
	}

	/** The same shop with these changeable fields (what an update writes). */
	Shop with(String name, @Nullable String platformShopId, String shopConfig, @Nullable byte[] credentials,
			@Nullable String credentialsKeyId, List<String> credentialKeys, @Nullable Instant tokenExpiresAt,
			boolean active) {
		return new Shop(this.id, this.organizationId, name, this.platform, platformShopId, shopConfig, credentials,
				credentialsKeyId, credentialKeys, tokenExpiresAt, active, this.syncRequestedAt, this.lastSyncAt,
				this.lastSyncStatus, this.lastSyncError, this.createdBy, this.createdByType, this.version,
				this.createdAt, this.updatedAt);
	}

	/** Credentials are left out on purpose: nothing that prints a shop may print them. */
	@Override
	public String toString() {
		return "Shop[id=" + this.id + ", organizationId=" + this.organizationId + ", platform=" + this.platform
				+ ", version=" + this.version + "]";
	}

}

package dev.konfig.tenant.shop;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over the {@code shops} table. */
@Repository
class ShopRepository {

	private static final String COLUMNS = "id, organization_id, name, platform, platform_shop_id, shop_config, "
			+ "credentials, credentials_key_id, credential_keys, token_expires_at, is_active, sync_requested_at, "
			+ "last_sync_at, last_sync_status, last_sync_error, created_by, created_by_type, version, created_at, updated_at";

	private final DatabaseClient db;

	ShopRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Locks the organization against other shop creations until the transaction ends (not
	 * against its readers, nor the foreign key checks of its shops), and says whether it exists.
	 */
	Mono<Boolean> lockOrganization(UUID organizationId) {
		return this.db.sql("SELECT 1 FROM organizations WHERE id = :id FOR NO KEY UPDATE")
			.bind("id", organizationId)
			.map(row -> true)
			.first()
			.defaultIfEmpty(false);
	}

	Mono<Long> countOf(UUID organizationId) {
		return this.db.sql("SELECT count(*) AS n FROM shops WHERE organization_id = :organizationId")
			.bind("organizationId", organizationId)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	/** Inserts the shop; a taken platform shop id is the unique index's verdict (409). */
	Mono<Shop> insert(Shop shop) {
		return this.db.sql("INSERT INTO shops (id, organization_id, name, platform, platform_shop_id, shop_config, "
				+ "credentials, credentials_key_id, credential_keys, token_expires_at, is_active, created_by, created_by_type) "
				+ "VALUES (:id, :organizationId, :name, :platform, :platformShopId, CAST(:shopConfig AS jsonb), "
				+ ":credentials, :credentialsKeyId, :credentialKeys, :tokenExpiresAt, :active, :createdBy, :createdByType) "
				+ "RETURNING " + COLUMNS)
			.bind("id", shop.id())
			.bind("organizationId", shop.organizationId())
			.bind("name", shop.name())
			.bind("platform", shop.platform())
			.bind("platformShopId", Parameter.fromOrEmpty(shop.platformShopId(), String.class))
			.bind("shopConfig", shop.shopConfig())
			.bind("credentials", bytes(shop.credentials()))
			.bind("credentialsKeyId", Parameter.fromOrEmpty(shop.credentialsKeyId(), String.class))
			.bind("credentialKeys", shop.credentialKeys().toArray(String[]::new))
			.bind("tokenExpiresAt", Parameter.fromOrEmpty(shop.tokenExpiresAt(), Instant.class))
			.bind("active", shop.active())
			.bind("createdBy", Parameter.fromOrEmpty(shop.createdBy(), UUID.class))
			.bind("createdByType", Parameter.fromOrEmpty(shop.createdByType(), String.class))
			.map(ShopRepository::shop)
			.one()
			.onErrorMap(DuplicateKeyException.class, ex -> ShopConflictException.platformShopIdTaken())
			.onErrorMap(ShopRepository::organizationGone, ex -> ShopNotFoundException.organization(shop.organizationId()));
	}

	/** The organization's shop of this platform shop id, if any. */
	Mono<Shop> findByPlatformShopId(UUID organizationId, String platform, @Nullable String platformShopId) {
		if (platformShopId == null) {
			return Mono.empty();
		}
		return this.db
			.sql("SELECT " + COLUMNS + " FROM shops WHERE organization_id = :organizationId AND platform = :platform "
					+ "AND platform_shop_id = :platformShopId")
			.bind("organizationId", organizationId)
			.bind("platform", platform)
			.bind("platformShopId", platformShopId)
			.map(ShopRepository::shop)
			.one();
	}

	/** An imported shop keeps the time it was created in the old system (when known). */
	Mono<Shop> setCreatedAt(UUID id, @Nullable Instant createdAt) {
		if (createdAt == null) {
			return findAnywhere(id, false);
		}
		return this.db.sql("UPDATE shops SET created_at = :createdAt WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("createdAt", createdAt)
			.map(ShopRepository::shop)
			.one();
	}

	Mono<Shop> find(UUID organizationId, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM shops WHERE id = :id AND organization_id = :organizationId")
			.bind("id", id)
			.bind("organizationId", organizationId)
			.map(ShopRepository::shop)
			.one();
	}

	/** The shop whatever its organization (internal calls name the shop alone). */
	Mono<Shop> findAnywhere(UUID id, boolean forUpdate) {
		return this.db.sql("SELECT " + COLUMNS + " FROM shops WHERE id = :id" + (forUpdate ? " FOR UPDATE" : ""))
			.bind("id", id)
			.map(ShopRepository::shop)
			.one();
	}

	/** The row, locked until the caller's transaction ends. */
	Mono<Shop> findForUpdate(UUID organizationId, UUID id) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM shops WHERE id = :id AND organization_id = :organizationId FOR UPDATE")
			.bind("id", id)
			.bind("organizationId", organizationId)
			.map(ShopRepository::shop)
			.one();
	}

	/** A page of the organization's shops in (lower(name), id) order, filtered. */
	Flux<Shop> page(UUID organizationId, @Nullable String platform, @Nullable Boolean active, @Nullable String query,
			@Nullable ShopCursor after, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM shops WHERE organization_id = :organizationId");
		if (platform != null) {
			sql.append(" AND platform = :platform");
		}
		if (active != null) {
			sql.append(" AND is_active = :active");
		}
		if (query != null) {
			sql.append(" AND lower(name) LIKE :pattern ESCAPE '\\'");
		}
		if (after != null) {
			sql.append(" AND (lower(name), id) > (:afterName, :afterId)");
		}
		sql.append(" ORDER BY lower(name), id LIMIT :limit");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString())
			.bind("organizationId", organizationId)
			.bind("limit", limit);
		if (platform != null) {
			spec = spec.bind("platform", platform);
		}
		if (active != null) {
			spec = spec.bind("active", active);
		}
		if (query != null) {
			spec = spec.bind("pattern", "%" + likeEscaped(query.toLowerCase(java.util.Locale.ROOT)) + "%");
		}
		if (after != null) {
			spec = spec.bind("afterName", after.lowerName()).bind("afterId", after.id());
		}
		return spec.map(ShopRepository::shop).all();
	}

	/** Writes the changeable fields of {@code shop} and counts a version. */
	Mono<Shop> update(Shop shop) {
		return this.db.sql("UPDATE shops SET name = :name, platform_shop_id = :platformShopId, "
				+ "shop_config = CAST(:shopConfig AS jsonb), credentials = :credentials, credentials_key_id = :credentialsKeyId, "
				+ "credential_keys = :credentialKeys, token_expires_at = :tokenExpiresAt, is_active = :active, "
				+ "version = version + 1, updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", shop.id())
			.bind("name", shop.name())
			.bind("platformShopId", Parameter.fromOrEmpty(shop.platformShopId(), String.class))
			.bind("shopConfig", shop.shopConfig())
			.bind("credentials", bytes(shop.credentials()))
			.bind("credentialsKeyId", Parameter.fromOrEmpty(shop.credentialsKeyId(), String.class))
			.bind("credentialKeys", shop.credentialKeys().toArray(String[]::new))
			.bind("tokenExpiresAt", Parameter.fromOrEmpty(shop.tokenExpiresAt(), Instant.class))
			.bind("active", shop.active())
			.map(ShopRepository::shop)
			.one()
			.onErrorMap(DuplicateKeyException.class, ex -> ShopConflictException.platformShopIdTaken());
	}

	Mono<Shop> requestSync(UUID id) {
		return this.db.sql("UPDATE shops SET sync_requested_at = now(), version = version + 1, updated_at = now() "
				+ "WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", id)
			.map(ShopRepository::shop)
			.one();
	}

	Mono<Shop> recordSync(UUID id, Instant finishedAt, String status, @Nullable String error) {
		return this.db.sql("UPDATE shops SET last_sync_at = :finishedAt, last_sync_status = :status, "
				+ "last_sync_error = :error, version = version + 1, updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("finishedAt", finishedAt)
			.bind("status", status)
			.bind("error", Parameter.fromOrEmpty(error, String.class))
			.map(ShopRepository::shop)
			.one();
	}

	/** The deleted row; empty when there was none. */
	Mono<Shop> delete(UUID organizationId, UUID id) {
		return this.db.sql("DELETE FROM shops WHERE id = :id AND organization_id = :organizationId RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("organizationId", organizationId)
			.map(ShopRepository::shop)
			.one();
	}

	Mono<Long> deleteAllOf(UUID organizationId) {
		return this.db.sql("WITH gone AS (DELETE FROM shops WHERE organization_id = :organizationId RETURNING 1) "
				+ "SELECT count(*) AS n FROM gone")
			.bind("organizationId", organizationId)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	/** Shops of these organizations per organization and platform, active or not. */
	Flux<PlatformCount> countsByPlatform(Collection<UUID> organizationIds) {
		return this.db.sql("SELECT organization_id, platform, count(*) AS total, count(*) FILTER (WHERE is_active) AS active "
				+ "FROM shops WHERE organization_id = ANY(:organizationIds) GROUP BY organization_id, platform "
				+ "ORDER BY organization_id, platform")
			.bind("organizationIds", organizationIds.toArray(UUID[]::new))
			.map(row -> new PlatformCount(row.get("organization_id", UUID.class), row.get("platform", String.class),
					row.get("total", Long.class), row.get("active", Long.class)))
			.all();
	}

	record PlatformCount(UUID organizationId, String platform, long total, long active) {
	}

	private static Parameter bytes(@Nullable byte[] value) {
		return Parameter.fromOrEmpty(value == null ? null : ByteBuffer.wrap(value), ByteBuffer.class);
	}

	/** The organization was deleted between the access check and the insert. */
	private static boolean organizationGone(Throwable failure) {
		return failure instanceof DataIntegrityViolationException && !(failure instanceof DuplicateKeyException);
	}

	private static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static Shop shop(Readable row) {
		Json config = row.get("shop_config", Json.class);
		ByteBuffer credentials = row.get("credentials", ByteBuffer.class);
		byte[] sealed = null;
		if (credentials != null) {
			sealed = new byte[credentials.remaining()];
			credentials.get(sealed);
		}
		String[] names = row.get("credential_keys", String[].class);
		return new Shop(row.get("id", UUID.class), row.get("organization_id", UUID.class), row.get("name", String.class),
				row.get("platform", String.class), row.get("platform_shop_id", String.class),
				config == null ? "{}" : config.asString(), sealed, row.get("credentials_key_id", String.class),
				names == null ? List.of() : Arrays.asList(names), row.get("token_expires_at", Instant.class),
				Boolean.TRUE.equals(row.get("is_active", Boolean.class)), row.get("sync_requested_at", Instant.class),
				row.get("last_sync_at", Instant.class), row.get("last_sync_status", String.class),
				row.get("last_sync_error", String.class), row.get("created_by", UUID.class),
				row.get("created_by_type", String.class), row.get("version", Integer.class),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
	}

}

package dev.konfig.file.file;

import java.util.Collection;
import java.util.UUID;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.konfig.file.system.FileProblem;
import dev.konfig.file.system.FileProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code file.org_usage}: each organization's stored bytes and files, what uploads in flight
 * hold, and its quota (FS-15). A reservation is one conditional UPDATE of the organization's
 * row: concurrent reservations queue on the row lock and each re-checks the quota against what
 * the ones before it reserved, so together they never overshoot.
 */
@Repository
public class OrganizationUsage {

	private static final String COLUMNS = "organization_id, used_bytes, reserved_bytes, file_count, reserved_files, "
			+ "quota_bytes, max_files";

	private final DatabaseClient db;

	private final long defaultQuotaBytes;

	private final int defaultMaxFiles;

	OrganizationUsage(DatabaseClient db, FileProperties properties) {
		this.db = db;
		this.defaultQuotaBytes = properties.defaultQuotaBytes().toBytes();
		this.defaultMaxFiles = properties.defaultMaxFiles();
	}

	/**
	 * An organization's figures; quota and file limit are the effective ones (defaults where
	 * no admin set any).
	 */
	public record Usage(UUID organizationId, long usedBytes, long reservedBytes, long fileCount, long reservedFiles,
			long quotaBytes, long maxFiles, @Nullable Long quotaOverride, @Nullable Long maxFilesOverride) {
	}

	/** The quota of an organization no admin set one for. */
	public long defaultQuotaBytes() {
		return this.defaultQuotaBytes;
	}

	/**
	 * Reserves room for one more file of {@code bytes}; 507 with the figures when the quota or
	 * the file count has no room.
	 */
	public Mono<Usage> reserveFile(UUID organizationId, long bytes) {
		return ensureRow(organizationId).then(this.db
			.sql("UPDATE org_usage SET reserved_bytes = reserved_bytes + :n, reserved_files = reserved_files + 1, "
					+ "updated_at = now() WHERE organization_id = :org "
					+ "AND used_bytes + reserved_bytes + :n <= COALESCE(quota_bytes, :quota) "
					+ "AND file_count + reserved_files < COALESCE(max_files, :max) RETURNING " + COLUMNS)
			.bind("org", organizationId)
			.bind("n", bytes)
			.bind("quota", this.defaultQuotaBytes)
			.bind("max", this.defaultMaxFiles)
			.map((row, meta) -> usage(row))
			.one()
			.switchIfEmpty(Mono.defer(() -> refusal(organizationId, bytes))));
	}

	/** Reserves {@code bytes} more for an upload in flight; 507 when the quota has no room. */
	public Mono<Usage> reserveMore(UUID organizationId, long bytes) {
		return this.db
			.sql("UPDATE org_usage SET reserved_bytes = reserved_bytes + :n, updated_at = now() "
					+ "WHERE organization_id = :org AND used_bytes + reserved_bytes + :n <= COALESCE(quota_bytes, :quota) "
					+ "RETURNING " + COLUMNS)
			.bind("org", organizationId)
			.bind("n", bytes)
			.bind("quota", this.defaultQuotaBytes)
			.map((row, meta) -> usage(row))
			.one()
			.switchIfEmpty(Mono.defer(() -> refusal(organizationId, bytes)));
	}

	/** An upload in flight ended without a stored file: what it held is free again. */
	public Mono<Void> release(UUID organizationId, long bytes) {
		return this.db
			.sql("UPDATE org_usage SET reserved_bytes = GREATEST(reserved_bytes - :n, 0), "
					+ "reserved_files = GREATEST(reserved_files - 1, 0), updated_at = now() WHERE organization_id = :org")
			.bind("org", organizationId)
			.bind("n", bytes)
			.then();
	}

	/** An upload became a stored file of {@code size} bytes: its reservation turns into usage. */
	public Mono<Void> store(UUID organizationId, long reserved, long size) {
		return this.db
			.sql("UPDATE org_usage SET reserved_bytes = GREATEST(reserved_bytes - :reserved, 0), "
					+ "reserved_files = GREATEST(reserved_files - 1, 0), used_bytes = used_bytes + :size, "
					+ "file_count = file_count + 1, updated_at = now() WHERE organization_id = :org")
			.bind("org", organizationId)
			.bind("reserved", reserved)
			.bind("size", size)
			.then();
	}

	/** A stored file was removed. */
	public Mono<Void> remove(UUID organizationId, long size) {
		return this.db
			.sql("UPDATE org_usage SET used_bytes = GREATEST(used_bytes - :size, 0), "
					+ "file_count = GREATEST(file_count - 1, 0), updated_at = now() WHERE organization_id = :org")
			.bind("org", organizationId)
			.bind("size", size)
			.then();
	}

	/** The figures of an organization; zeros and defaults when it has never stored anything. */
	public Mono<Usage> of(UUID organizationId) {
		return this.db.sql("SELECT " + COLUMNS + " FROM org_usage WHERE organization_id = :org")
			.bind("org", organizationId)
			.map((row, meta) -> usage(row))
			.one()
			.defaultIfEmpty(new Usage(organizationId, 0, 0, 0, 0, this.defaultQuotaBytes, this.defaultMaxFiles, null,
					null));
	}

	/** The figures of several organizations (those with a row). */
	public Flux<Usage> of(Collection<UUID> organizationIds) {
		return this.db.sql("SELECT " + COLUMNS + " FROM org_usage WHERE organization_id = ANY(:orgs)")
			.bind("orgs", organizationIds.toArray(UUID[]::new))
			.map((row, meta) -> usage(row))
			.all();
	}

	/** Organizations by stored bytes, most first, after a keyset position. */
	public Flux<Usage> byUsedBytes(@Nullable Long afterUsed, @Nullable UUID afterId, int fetchSize) {
		String after = (afterUsed == null) ? "" : "WHERE (used_bytes, organization_id) < (:used, :id) ";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("SELECT " + COLUMNS + " FROM org_usage " + after
				+ "ORDER BY used_bytes DESC, organization_id DESC LIMIT " + fetchSize);
		if (afterUsed != null) {
			spec = spec.bind("used", afterUsed).bind("id", afterId);
		}
		return spec.map((row, meta) -> usage(row)).all();
	}

	/** Sets (or, with nulls, clears) an organization's overrides; the figures before the change. */
	public Mono<Usage[]> setQuota(UUID organizationId, @Nullable Long quotaBytes, @Nullable Long maxFiles) {
		return ensureRow(organizationId)
			.then(this.db.sql("SELECT " + COLUMNS + " FROM org_usage WHERE organization_id = :org FOR UPDATE")
				.bind("org", organizationId)
				.map((row, meta) -> usage(row))
				.one())
			.flatMap(before -> this.db
				.sql("UPDATE org_usage SET quota_bytes = :quota, max_files = :max, updated_at = now() "
						+ "WHERE organization_id = :org RETURNING " + COLUMNS)
				.bind("org", organizationId)
				.bind("quota", Parameter.fromOrEmpty(quotaBytes, Long.class))
				.bind("max", Parameter.fromOrEmpty((maxFiles == null) ? null : maxFiles.intValue(), Integer.class))
				.map((row, meta) -> usage(row))
				.one()
				.map(after -> new Usage[] { before, after }));
	}

	/** Forgets an organization's figures. */
	public Mono<Long> delete(UUID organizationId) {
		return this.db.sql("DELETE FROM org_usage WHERE organization_id = :org")
			.bind("org", organizationId)
			.fetch()
			.rowsUpdated();
	}

	/** Totals across every organization. */
	public Mono<long[]> totals() {
		return this.db
			.sql("SELECT COALESCE(sum(file_count), 0) AS files, COALESCE(sum(used_bytes), 0) AS bytes, "
					+ "count(*) FILTER (WHERE file_count > 0) AS organizations FROM org_usage")
			.map((row, meta) -> new long[] { row.get("files", Number.class).longValue(),
					row.get("bytes", Number.class).longValue(), row.get("organizations", Number.class).longValue() })
			.one();
	}

	private Mono<Void> ensureRow(UUID organizationId) {
		return this.db.sql("INSERT INTO org_usage (organization_id) VALUES (:org) ON CONFLICT DO NOTHING")
			.bind("org", organizationId)
			.then();
	}

	private Mono<Usage> refusal(UUID organizationId, long bytes) {
		return of(organizationId).flatMap(usage -> {
			String detail = (usage.fileCount() + usage.reservedFiles() >= usage.maxFiles())
					? "The organization has reached its limit of " + usage.maxFiles() + " files"
					: "The organization's storage quota has no room for " + bytes + " more bytes";
			return Mono.error(FileProblem.insufficientStorage(detail, usage.quotaBytes(), usage.usedBytes(),
					usage.reservedBytes(), usage.maxFiles(), usage.fileCount()));
		});
	}

	private Usage usage(io.r2dbc.spi.Readable row) {
		Long quota = row.get("quota_bytes", Long.class);
		Integer max = row.get("max_files", Integer.class);
		return new Usage(row.get("organization_id", UUID.class), row.get("used_bytes", Long.class),
				row.get("reserved_bytes", Long.class), row.get("file_count", Integer.class),
				row.get("reserved_files", Integer.class), (quota != null) ? quota : this.defaultQuotaBytes,
				(max != null) ? max : this.defaultMaxFiles, quota, (max == null) ? null : max.longValue());
	}

}

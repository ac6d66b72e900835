package dev.konfig.file.file;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.konfig.file.content.ImageFacts;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over {@code file.files}; every query of a client's request names the organization. */
@Repository
public class FileRepository {

	private static final String RETURNING = " RETURNING " + StoredFile.COLUMNS;

	private static final String IMAGE_COLUMNS = "width_px = :width, height_px = :height, dpi_x = :dpiX, "
			+ "dpi_y = :dpiY, dpi_source = :dpiSource, has_alpha = :alpha, color_type = :color, bit_depth = :bits";

	private final DatabaseClient db;

	FileRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * What an upload knows before its bytes arrive.
	 *
	 * @param expectedSize the size the reservation is for (the file's size once known)
	 * @param reservedBytes quota the upload holds
	 * @param uploadExpiresAt when a resumable session expires; {@code null} for a plain upload
	 */
	public record NewUpload(UUID id, UUID organizationId, String fileType, String filename, String originalFilename,
			String filePath, long expectedSize, @Nullable String declaredMimeType, String metadataJson,
			@Nullable String createdBy, @Nullable String createdByType, Instant createdAt, long reservedBytes,
			boolean resumable, @Nullable Instant uploadExpiresAt, @Nullable String clientSha256) {
	}

	public Mono<StoredFile> insertUpload(NewUpload upload) {
		return this.db.sql("INSERT INTO files (id, organization_id, file_type, status, filename, original_filename, "
				+ "file_path, file_size, declared_mime_type, file_metadata, created_by, created_by_type, created_at, "
				+ "updated_at, reserved_bytes, resumable, upload_expires_at, client_sha256) VALUES (:id, :org, :type, "
				+ "'uploading', :filename, :original, :path, :size, :declared, :metadata, :by, :byType, :at, :at, "
				+ ":reserved, :resumable, :expires, :clientSha)" + RETURNING)
			.bind("id", upload.id())
			.bind("org", upload.organizationId())
			.bind("type", upload.fileType())
			.bind("filename", upload.filename())
			.bind("original", upload.originalFilename())
			.bind("path", upload.filePath())
			.bind("size", upload.expectedSize())
			.bind("declared", Parameter.fromOrEmpty(upload.declaredMimeType(), String.class))
			.bind("metadata", Json.of(upload.metadataJson()))
			.bind("by", Parameter.fromOrEmpty(upload.createdBy(), String.class))
			.bind("byType", Parameter.fromOrEmpty(upload.createdByType(), String.class))
			.bind("at", time(upload.createdAt()))
			.bind("reserved", upload.reservedBytes())
			.bind("resumable", upload.resumable())
			.bind("expires", Parameter.fromOrEmpty(time(upload.uploadExpiresAt()), OffsetDateTime.class))
			.bind("clientSha", Parameter.fromOrEmpty(upload.clientSha256(), String.class))
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** The organization's file; empty for another organization's or an unknown id. */
	public Mono<StoredFile> find(UUID organizationId, UUID id) {
		return this.db.sql("SELECT " + StoredFile.COLUMNS + " FROM files WHERE organization_id = :org AND id = :id")
			.bind("org", organizationId)
			.bind("id", id)
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** {@link #find}, locking the row for the rest of the transaction. */
	public Mono<StoredFile> lock(UUID organizationId, UUID id) {
		return this.db
			.sql("SELECT " + StoredFile.COLUMNS + " FROM files WHERE organization_id = :org AND id = :id FOR UPDATE")
			.bind("org", organizationId)
			.bind("id", id)
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** The organization's ready or processing file with these bytes (the dedup rule, FS-5). */
	public Mono<StoredFile> findStoredByHash(UUID organizationId, String sha256) {
		return this.db
			.sql("SELECT " + StoredFile.COLUMNS + " FROM files WHERE organization_id = :org AND sha256 = :sha "
					+ "AND status IN ('ready', 'processing')")
			.bind("org", organizationId)
			.bind("sha", sha256)
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** Files of the organization among these ids. */
	public Flux<StoredFile> findAll(UUID organizationId, Collection<UUID> ids) {
		return this.db
			.sql("SELECT " + StoredFile.COLUMNS + " FROM files WHERE organization_id = :org AND id = ANY(:ids) "
					+ "ORDER BY created_at DESC, id DESC")
			.bind("org", organizationId)
			.bind("ids", ids.toArray(UUID[]::new))
			.map((row, meta) -> StoredFile.of(row))
			.all();
	}

	/**
	 * An upload's bytes are in place: the row becomes {@code ready} with what the bytes are.
	 * The dedup index refuses it when another ready file of the organization has the same hash.
	 */
	public Mono<StoredFile> markReady(UUID id, long size, String sha256, String mimeType, ImageFacts image) {
		return withImage(this.db.sql("UPDATE files SET status = 'ready', file_size = :size, sha256 = :sha, "
				+ "mime_type = :mime, " + IMAGE_COLUMNS + ", received_bytes = :size, reserved_bytes = 0, "
				+ "upload_expires_at = NULL, updated_at = now() WHERE id = :id AND status = 'uploading'" + RETURNING),
				image)
			.bind("id", id)
			.bind("size", size)
			.bind("sha", sha256)
			.bind("mime", mimeType)
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** Re-read image facts of a stored file (re-analysis). */
	public Mono<StoredFile> updateImage(UUID id, ImageFacts image) {
		return withImage(this.db.sql("UPDATE files SET " + IMAGE_COLUMNS + ", status = 'ready', updated_at = now() "
				+ "WHERE id = :id AND status = 'processing'" + RETURNING), image)
			.bind("id", id)
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** Sets the status of a file in one of the given statuses; empty when it is in none. */
	public Mono<StoredFile> changeStatus(UUID id, List<FileStatus> from, FileStatus to) {
		String archived = (to == FileStatus.ARCHIVED) ? "now()" : "NULL";
		return this.db
			.sql("UPDATE files SET status = :to, archived_at = " + archived + ", updated_at = now() "
					+ "WHERE id = :id AND status = ANY(:from)" + RETURNING)
			.bind("id", id)
			.bind("to", to.value())
			.bind("from", from.stream().map(FileStatus::value).toArray(String[]::new))
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** An upload in flight failed: the row keeps the reason, and holds no quota any more. */
	public Mono<StoredFile> markFailed(UUID id, String error) {
		return this.db
			.sql("UPDATE files SET status = 'failed', error = :error, reserved_bytes = 0, upload_expires_at = NULL, "
					+ "updated_at = now() WHERE id = :id AND status = 'uploading'" + RETURNING)
			.bind("id", id)
			.bind("error", (error.length() > 1000) ? error.substring(0, 1000) : error)
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** Progress of an upload in flight (and the quota it holds now). */
	public Mono<StoredFile> recordProgress(UUID id, long receivedBytes, long reservedBytes,
			@Nullable Instant expiresAt) {
		return this.db
			.sql("UPDATE files SET received_bytes = :received, reserved_bytes = :reserved, "
					+ "upload_expires_at = :expires, updated_at = now() WHERE id = :id AND status = 'uploading'"
					+ RETURNING)
			.bind("id", id)
			.bind("received", receivedBytes)
			.bind("reserved", reservedBytes)
			.bind("expires", Parameter.fromOrEmpty(time(expiresAt), OffsetDateTime.class))
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** An upload in flight is still receiving: the sweep leaves it alone. */
	public Mono<Void> touch(UUID id) {
		return this.db.sql("UPDATE files SET updated_at = now() WHERE id = :id AND status = 'uploading'")
			.bind("id", id)
			.then();
	}

	public Mono<Long> delete(UUID id) {
		return this.db.sql("DELETE FROM files WHERE id = :id").bind("id", id).fetch().rowsUpdated();
	}

	/** A metadata change: the version goes up by one. */
	public Mono<StoredFile> updateMetadata(UUID id, String filename, String metadataJson) {
		return this.db
			.sql("UPDATE files SET filename = :filename, file_metadata = :metadata, version = version + 1, "
					+ "updated_at = now() WHERE id = :id" + RETURNING)
			.bind("id", id)
			.bind("filename", filename)
			.bind("metadata", Json.of(metadataJson))
			.map((row, meta) -> StoredFile.of(row))
			.one();
	}

	/** One page of a search, newest first. */
	public Flux<StoredFile> search(FileSearch search, @Nullable FileCursor after, int fetchSize) {
		StringBuilder sql = new StringBuilder("SELECT " + StoredFile.COLUMNS + " FROM files WHERE ");
		List<Object> values = new java.util.ArrayList<>();
		search.appendConditions(sql, values);
		if (after != null) {
			sql.append(" AND (created_at, id) < ($").append(values.size() + 1).append(", $").append(values.size() + 2)
				.append(")");
			values.add(time(after.createdAt()));
			values.add(after.id());
		}
		sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(fetchSize);
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString());
		for (int i = 0; i < values.size(); i++) {
			spec = spec.bind(i, values.get(i));
		}
		return spec.map((row, meta) -> StoredFile.of(row)).all();
	}

	/** Storage stats rows: count and bytes per type and status of the organization's files. */
	public Flux<TypeStatusCount> countByTypeAndStatus(UUID organizationId) {
		return this.db
			.sql("SELECT file_type, status, count(*) AS n, COALESCE(sum(file_size), 0) AS bytes FROM files "
					+ "WHERE organization_id = :org GROUP BY file_type, status")
			.bind("org", organizationId)
			.map((row, meta) -> new TypeStatusCount(row.get("file_type", String.class), row.get("status", String.class),
					row.get("n", Long.class), row.get("bytes", BigDecimal.class).longValue()))
			.all();
	}

	/** Stats rows of several organizations at once (tenant-service's usage). */
	public Flux<TypeStatusCount> countByTypeAndStatus(Collection<UUID> organizationIds) {
		return this.db
			.sql("SELECT organization_id, file_type, status, count(*) AS n, COALESCE(sum(file_size), 0) AS bytes "
					+ "FROM files WHERE organization_id = ANY(:orgs) GROUP BY organization_id, file_type, status")
			.bind("orgs", organizationIds.toArray(UUID[]::new))
			.map((row, meta) -> new TypeStatusCount(row.get("organization_id", UUID.class),
					row.get("file_type", String.class), row.get("status", String.class), row.get("n", Long.class),
					row.get("bytes", BigDecimal.class).longValue()))
			.all();
	}

	/** Removes every row of an organization; how many went. */
	public Mono<Long> deleteOrganization(UUID organizationId) {
		return this.db.sql("DELETE FROM files WHERE organization_id = :org")
			.bind("org", organizationId)
			.fetch()
			.rowsUpdated();
	}

	/**
	 * One group of a stats query.
	 *
	 * @param organizationId the organization; {@code null} in single-organization queries
	 */
	public record TypeStatusCount(@Nullable UUID organizationId, String fileType, String status, long count,
			long bytes) {

		TypeStatusCount(String fileType, String status, long count, long bytes) {
			this(null, fileType, status, count, bytes);
		}

	}

	/** Binds the image columns of {@link #IMAGE_COLUMNS}. */
	private static DatabaseClient.GenericExecuteSpec withImage(DatabaseClient.GenericExecuteSpec spec, ImageFacts image) {
		return spec.bind("width", Parameter.fromOrEmpty(image.widthPx(), Integer.class))
			.bind("height", Parameter.fromOrEmpty(image.heightPx(), Integer.class))
			.bind("dpiX", Parameter.fromOrEmpty(image.dpiX(), BigDecimal.class))
			.bind("dpiY", Parameter.fromOrEmpty(image.dpiY(), BigDecimal.class))
			.bind("dpiSource", Parameter.fromOrEmpty(image.dpiSource(), String.class))
			.bind("alpha", Parameter.fromOrEmpty(image.hasAlpha(), Boolean.class))
			.bind("color", Parameter.fromOrEmpty(image.colorType(), String.class))
			.bind("bits", Parameter.fromOrEmpty((image.bitDepth() == null) ? null : image.bitDepth().shortValue(),
					Short.class));
	}

	@Nullable
	static OffsetDateTime time(@Nullable Instant instant) {
		return (instant == null) ? null : instant.atOffset(ZoneOffset.UTC);
	}

}

package dev.konfig.file.file;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;

import org.springframework.lang.Nullable;

import dev.konfig.file.content.ImageFacts;

/**
 * A row of {@code file.files}: a stored file, or an upload in flight ({@code uploading}).
 *
 * @param filePath the storage key under the root; never shown to clients
 * @param metadataJson the client's metadata as JSON text
 * @param reservedBytes quota held by the upload while it is in flight
 * @param receivedBytes bytes received so far by an upload in flight
 * @param uploadExpiresAt when a resumable upload session expires
 * @param clientSha256 the SHA-256 the client announced for the whole file, checked once complete
 */
public record StoredFile(UUID id, UUID organizationId, String fileType, String status, String filename,
		String originalFilename, String filePath, long fileSize, @Nullable String mimeType,
		@Nullable String declaredMimeType, @Nullable String sha256, String storageBackend, String metadataJson,
		ImageFacts image, @Nullable String error, @Nullable String createdBy, @Nullable String createdByType,
		@Nullable Instant archivedAt, int version, Instant createdAt, Instant updatedAt, long reservedBytes,
		long receivedBytes, boolean resumable, @Nullable Instant uploadExpiresAt, @Nullable String clientSha256) {

	/** The columns {@link #of} reads, for SELECT lists. */
	public static final String COLUMNS = "id, organization_id, file_type, status, filename, original_filename, "
			+ "file_path, file_size, mime_type, declared_mime_type, sha256, storage_backend, file_metadata, width_px, "
			+ "height_px, dpi_x, dpi_y, dpi_source, has_alpha, color_type, bit_depth, error, created_by, "
			+ "created_by_type, archived_at, version, created_at, updated_at, reserved_bytes, received_bytes, "
			+ "resumable, upload_expires_at, client_sha256";

	public boolean is(FileStatus wanted) {
		return wanted.value().equals(this.status);
	}

	/** Whether the bytes are stored (ready, processing or archived), so counted in the usage. */
	public boolean isStored() {
		return is(FileStatus.READY) || is(FileStatus.PROCESSING) || is(FileStatus.ARCHIVED);
	}

	public static StoredFile of(Readable row) {
		Short bitDepth = row.get("bit_depth", Short.class);
		ImageFacts image = new ImageFacts(row.get("width_px", Integer.class), row.get("height_px", Integer.class),
				row.get("dpi_x", BigDecimal.class), row.get("dpi_y", BigDecimal.class), row.get("dpi_source", String.class),
				row.get("has_alpha", Boolean.class), row.get("color_type", String.class),
				(bitDepth == null) ? null : bitDepth.intValue());
		Json metadata = row.get("file_metadata", Json.class);
		return new StoredFile(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("file_type", String.class), row.get("status", String.class), row.get("filename", String.class),
				row.get("original_filename", String.class), row.get("file_path", String.class),
				row.get("file_size", Long.class), row.get("mime_type", String.class),
				row.get("declared_mime_type", String.class), row.get("sha256", String.class),
				row.get("storage_backend", String.class), (metadata == null) ? "{}" : metadata.asString(), image,
				row.get("error", String.class), row.get("created_by", String.class),
				row.get("created_by_type", String.class), instant(row.get("archived_at", OffsetDateTime.class)),
				row.get("version", Integer.class), instant(row.get("created_at", OffsetDateTime.class)),
				instant(row.get("updated_at", OffsetDateTime.class)), row.get("reserved_bytes", Long.class),
				row.get("received_bytes", Long.class), Boolean.TRUE.equals(row.get("resumable", Boolean.class)),
				instant(row.get("upload_expires_at", OffsetDateTime.class)), row.get("client_sha256", String.class));
	}

	/** The metadata as a map, for responses and merges. */
	public Map<String, Object> metadata() {
		return FileMetadata.parse(this.metadataJson);
	}

	@Nullable
	private static Instant instant(@Nullable OffsetDateTime time) {
		return (time == null) ? null : time.toInstant();
	}

}

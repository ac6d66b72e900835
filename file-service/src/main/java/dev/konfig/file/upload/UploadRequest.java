package dev.konfig.file.upload;

import java.util.Map;
import java.util.UUID;

import org.springframework.lang.Nullable;

import dev.konfig.file.file.FileType;

/**
 * What an upload says about itself before its bytes arrive.
 *
 * @param organizationId whose file it becomes
 * @param fileType what it is for
 * @param givenFilename the name the client sent (sanitized before use)
 * @param declaredMimeType the client's type, kept for the record only
 * @param metadata the client's metadata, already checked
 * @param expectedLength the length announced ({@code Content-Length}, {@code Upload-Length});
 * {@code null} when unknown
 * @param clientSha256 the checksum the client sent, lower-case hex; {@code null} for none
 * @param createdBy the caller's id
 * @param createdByType {@code user}, {@code api_key} or {@code service}
 */
record UploadRequest(UUID organizationId, FileType fileType, @Nullable String givenFilename,
		@Nullable String declaredMimeType, Map<String, Object> metadata, @Nullable Long expectedLength,
		@Nullable String clientSha256, @Nullable String createdBy, @Nullable String createdByType) {
}

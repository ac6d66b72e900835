package dev.konfig.file.upload;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.lang.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.file.file.FileMetadata;
import dev.konfig.file.file.FileRepository;
import dev.konfig.file.file.FileService;
import dev.konfig.file.file.FileStatus;
import dev.konfig.file.file.FileType;
import dev.konfig.file.file.StoredFile;
import dev.konfig.file.storage.BlobStore;
import dev.konfig.file.storage.TempFileWriter;
import dev.konfig.file.system.FileProblem;
import dev.konfig.file.system.FileProperties;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.NotFoundException;
import reactor.core.publisher.Mono;

/**
 * Resumable uploads: the tus 1.0 protocol under {@code /api/v1/files/uploads}, with the core,
 * creation, creation-with-upload, expiration, checksum and termination extensions. A session
 * is the file's row in status {@code uploading} (its id is the upload's and, once complete, the
 * file's): created with the whole {@code Upload-Length} reserved in the quota, filled by
 * {@code PATCH}es at the offset {@code HEAD} reports, and finished by the same pipeline as a plain
 * upload (type detection, image facts, SHA-256 over every chunk, dedup, atomic move). An
 * interrupted chunk keeps the bytes that reached the disk, so the client resumes from there.
 * Sessions expire {@code resumable-expiry} after their last chunk; the sweep releases them.
 */
@RestController
@RequestMapping("/api/v1/files/uploads")
class ResumableUploadController {

	static final String TUS_RESUMABLE = "Tus-Resumable";

	static final String VERSION = "1.0.0";

	static final String UPLOAD_OFFSET = "Upload-Offset";

	static final String UPLOAD_LENGTH = "Upload-Length";

	static final String UPLOAD_EXPIRES = "Upload-Expires";

	static final String UPLOAD_METADATA = "Upload-Metadata";

	static final String UPLOAD_CHECKSUM = "Upload-Checksum";

	static final MediaType OFFSET_OCTET_STREAM = MediaType.parseMediaType("application/offset+octet-stream");

	private static final Map<String, String> ALGORITHMS = Map.of("sha1", "SHA-1", "sha256", "SHA-256", "md5", "MD5");

	private final UploadPipeline pipeline;

	private final FileRepository files;

	private final BlobStore store;

	private final UploadSlots slots;

	private final FileProperties properties;

	/** Sessions with a chunk in flight on this replica: a second concurrent PATCH answers 423. */
	private final Set<UUID> busy = ConcurrentHashMap.newKeySet();

	ResumableUploadController(UploadPipeline pipeline, FileRepository files, BlobStore store, UploadSlots slots,
			FileProperties properties) {
		this.pipeline = pipeline;
		this.files = files;
		this.store = store;
		this.slots = slots;
		this.properties = properties;
	}

	@RequestMapping(method = RequestMethod.OPTIONS)
	ResponseEntity<Void> options() {
		return ResponseEntity.noContent()
			.header(TUS_RESUMABLE, VERSION)
			.header("Tus-Version", VERSION)
			.header("Tus-Extension", "creation,creation-with-upload,expiration,checksum,termination")
			.header("Tus-Max-Size", Long.toString(this.pipeline.maxSize()))
			.header("Tus-Checksum-Algorithm", "sha1,sha256,md5")
			.build();
	}

	/** Creation (with an optional first chunk). */
	@PostMapping
	Mono<ResponseEntity<Void>> create(@AuthenticationPrincipal KonfigPrincipal principal, ServerHttpRequest request) {
		return Mono.defer(() -> {
			HttpHeaders headers = request.getHeaders();
			requireVersion(headers);
			long length = uploadLength(headers);
			Map<String, String> metadata = metadata(headers.getFirst(UPLOAD_METADATA));
			FileType type = UploadHeaders.fileType(metadata.get("file_type"));
			Map<String, Object> clientMetadata = metadata.containsKey("metadata")
					? FileMetadata.fromText(metadata.get("metadata")) : Map.of();
			String filename = metadata.containsKey("filename") ? metadata.get("filename") : metadata.get("name");
			String sha256 = metadata.get("sha256");
			if (sha256 != null && !sha256.matches("[0-9a-fA-F]{64}")) {
				throw new BadRequestException("Upload-Metadata sha256 must be 64 hexadecimal characters",
						List.of(new FieldViolation("checksum", "must be 64 hexadecimal characters")));
			}
			UploadRequest upload = new UploadRequest(principal.requireOrganization(), type, filename,
					metadata.get("filetype"), clientMetadata, length,
					(sha256 == null) ? null : sha256.toLowerCase(Locale.ROOT), principal.subject(),
					principal.type().claim());
			boolean withBody = headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
			if (withBody) {
				requireOffsetContentType(headers);
			}
			return this.pipeline.begin(upload, expiry()).flatMap(created -> {
				ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.CREATED)
					.location(URI.create("/api/v1/files/uploads/" + created.id()))
					.header(TUS_RESUMABLE, VERSION);
				if (!withBody) {
					return Mono.just(answer.header(UPLOAD_OFFSET, "0")
						.header(UPLOAD_EXPIRES, httpDate(created.row().uploadExpiresAt()))
						.<Void>build());
				}
				return chunk(created, request).map(outcome -> {
					outcome.headers().forEach((name, values) -> answer.header(name, values.toArray(String[]::new)));
					return answer.<Void>build();
				});
			});
		});
	}

	/** The offset to resume from. */
	@RequestMapping(path = "/{id}", method = RequestMethod.HEAD)
	Mono<ResponseEntity<Void>> offset(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return session(principal, id, true).map(row -> {
			ResponseEntity.BodyBuilder answer = ResponseEntity.ok()
				.header(TUS_RESUMABLE, VERSION)
				.header(HttpHeaders.CACHE_CONTROL, "no-store")
				.header(UPLOAD_LENGTH, Long.toString(row.fileSize()))
				.header(UPLOAD_OFFSET, Long.toString(row.is(FileStatus.UPLOADING) ? row.receivedBytes() : row.fileSize()));
			if (row.uploadExpiresAt() != null) {
				answer.header(UPLOAD_EXPIRES, httpDate(row.uploadExpiresAt()));
			}
			return answer.build();
		});
	}

	/** One chunk at the offset the session stands at. */
	@PatchMapping("/{id}")
	Mono<ResponseEntity<Void>> append(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			ServerHttpRequest request) {
		return Mono.defer(() -> {
			HttpHeaders headers = request.getHeaders();
			requireVersion(headers);
			requireOffsetContentType(headers);
			long offset = offsetHeader(headers);
			return session(principal, id, false).flatMap(row -> {
				if (row.receivedBytes() != offset) {
					return Mono.error(FileProblem.of(HttpStatus.CONFLICT, "Upload-Offset " + offset
							+ " is not where the upload stands (" + row.receivedBytes() + "); ask HEAD for the offset"));
				}
				Upload upload = new Upload(row, this.store.tempOf(row.id()), row.clientSha256(), true, null);
				return chunk(upload, request).map(outcome -> {
					ResponseEntity.HeadersBuilder<?> answer = ResponseEntity.noContent().header(TUS_RESUMABLE, VERSION);
					outcome.headers().forEach((name, values) -> answer.header(name, values.toArray(String[]::new)));
					return answer.build();
				});
			});
		});
	}

	/** Termination: the session and its bytes go, its reservation is released. */
	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> terminate(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			ServerHttpRequest request) {
		return Mono.defer(() -> {
			requireVersion(request.getHeaders());
			return session(principal, id, false);
		})
			.flatMap(this.pipeline::terminate)
			.thenReturn(ResponseEntity.noContent().header(TUS_RESUMABLE, VERSION).build());
	}

	/**
	 * Streams one chunk into the session's file; on success records the new offset (and renews
	 * the expiry), and completes the upload when the last byte is in. An interrupted chunk keeps
	 * what reached the disk.
	 */
	private Mono<Chunk> chunk(Upload upload, ServerHttpRequest request) {
		UUID id = upload.id();
		if (!this.busy.add(id)) {
			return Mono.error(FileProblem.of(HttpStatus.LOCKED, "Another chunk of this upload is in flight"));
		}
		UploadSlots.Slot slot;
		try {
			slot = this.slots.acquire(upload.organizationId());
		}
		catch (RuntimeException refused) {
			this.busy.remove(id);
			return Mono.error(refused);
		}
		long start = upload.received();
		long length = upload.row().fileSize();
		String[] checksum = checksum(request.getHeaders().getFirst(UPLOAD_CHECKSUM));
		MessageDigest digest = (checksum == null) ? null : TempFileWriter.digest(ALGORITHMS.get(checksum[0]));
		List<MessageDigest> digests = (digest == null) ? List.of() : List.of(digest);
		return this.pipeline.receive(upload, request.getBody(), digests, length - start)
			.then(Mono.defer(() -> {
				if (digest != null && !Base64.getEncoder().encodeToString(digest.digest()).equals(checksum[1])) {
					upload.received(start);
					return this.store.truncateTemp(id, start).then(Mono.error(new ChecksumMismatch()));
				}
				return Mono.empty();
			}))
			.then(Mono.defer(() -> this.store.syncedSize(id, length)))
			.flatMap(size -> recordOffset(upload, size))
			.flatMap(row -> (row.receivedBytes() < length) ? Mono.just(Chunk.progress(row))
					: this.pipeline.finish(upload)
						.onErrorResume(failure -> this.pipeline.abandon(upload, failure).then(Mono.error(failure)))
						.map(result -> Chunk.finished(length, result)))
			.onErrorResume(failure -> (failure instanceof ChecksumMismatch) ? Mono.error(failure)
					: keepWhatArrived(upload, length).then(Mono.error(failure)))
			.doOnCancel(() -> keepWhatArrived(upload, length).subscribe())
			.doFinally(signal -> {
				slot.release();
				this.busy.remove(id);
			});
	}

	/** After an interrupted chunk, the offset is what is on disk. */
	private Mono<Void> keepWhatArrived(Upload upload, long length) {
		return this.store.syncedSize(upload.id(), length)
			.flatMap(size -> recordOffset(upload, size))
			.onErrorComplete()
			.then();
	}

	private Mono<StoredFile> recordOffset(Upload upload, long size) {
		upload.received(size);
		return this.files.recordProgress(upload.id(), size, upload.reserved(), expiry())
			.switchIfEmpty(Mono.error(() -> FileProblem.of(HttpStatus.GONE, "The upload has expired")));
	}

	/** The caller's session: 404 for an unknown one or another organization's, 410 once expired. */
	private Mono<StoredFile> session(KonfigPrincipal principal, String id, boolean completedToo) {
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(organization -> this.files.find(organization, FileService.id(id)))
			.filter(StoredFile::resumable)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("Upload", id)))
			.flatMap(row -> {
				if (row.is(FileStatus.UPLOADING)) {
					if (row.uploadExpiresAt() != null && row.uploadExpiresAt().isBefore(Instant.now())) {
						return Mono.error(FileProblem.of(HttpStatus.GONE, "The upload has expired"));
					}
					return Mono.just(row);
				}
				if (row.is(FileStatus.FAILED)) {
					return Mono.error(FileProblem.of(HttpStatus.GONE, "The upload has expired or failed: " + row.error()));
				}
				return completedToo ? Mono.just(row) : Mono.error(FileProblem.of(HttpStatus.CONFLICT,
						"The upload is complete; the file is /api/v1/files/" + row.id()));
			});
	}

	private Instant expiry() {
		return Instant.now().plus(this.properties.resumableExpiry()).truncatedTo(ChronoUnit.MICROS);
	}

	private static void requireVersion(HttpHeaders headers) {
		if (!VERSION.equals(headers.getFirst(TUS_RESUMABLE))) {
			HttpHeaders answer = new HttpHeaders();
			answer.set("Tus-Version", VERSION);
			throw new FileProblem(HttpStatus.PRECONDITION_FAILED, "Tus-Resumable: " + VERSION + " is required", List.of(),
					Map.of(), answer);
		}
	}

	private static void requireOffsetContentType(HttpHeaders headers) {
		MediaType type = headers.getContentType();
		if (type == null || !OFFSET_OCTET_STREAM.equalsTypeAndSubtype(type)) {
			throw FileProblem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					"A chunk's Content-Type must be application/offset+octet-stream");
		}
	}

	private long uploadLength(HttpHeaders headers) {
		String value = headers.getFirst(UPLOAD_LENGTH);
		long length;
		try {
			length = (value == null) ? -1 : Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			length = -1;
		}
		if (length < 0) {
			throw new BadRequestException("Upload-Length is required: the file's size in bytes",
					List.of(new FieldViolation("Upload-Length", "must be a whole number of bytes")));
		}
		return length;
	}

	private static long offsetHeader(HttpHeaders headers) {
		String value = headers.getFirst(UPLOAD_OFFSET);
		try {
			long offset = (value == null) ? -1 : Long.parseLong(value.strip());
			if (offset >= 0) {
				return offset;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new BadRequestException("Upload-Offset is required",
				List.of(new FieldViolation("Upload-Offset", "must be a whole number of bytes")));
	}

	/** {@code Upload-Metadata}: comma separated {@code key base64value} pairs. */
	static Map<String, String> metadata(@Nullable String header) {
		Map<String, String> values = new HashMap<>();
		if (header == null || header.isBlank()) {
			return values;
		}
		for (String pair : header.split(",")) {
			String[] parts = pair.strip().split(" ", 2);
			if (parts[0].isEmpty()) {
				continue;
			}
			try {
				values.put(parts[0], (parts.length < 2) ? ""
						: new String(Base64.getDecoder().decode(parts[1].strip()), StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequestException("Upload-Metadata values must be base64",
						List.of(new FieldViolation("Upload-Metadata", "'" + parts[0] + "' is not base64")));
			}
		}
		return values;
	}

	/** {@code Upload-Checksum: <algorithm> <base64>}; {@code null} for none. */
	@Nullable
	private static String[] checksum(@Nullable String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String[] parts = header.strip().split(" ", 2);
		if (parts.length != 2 || !ALGORITHMS.containsKey(parts[0].toLowerCase(Locale.ROOT))) {
			throw new BadRequestException("Upload-Checksum must be '<sha1|sha256|md5> <base64>'",
					List.of(new FieldViolation("Upload-Checksum", "names an unsupported algorithm or no checksum")));
		}
		return new String[] { parts[0].toLowerCase(Locale.ROOT), parts[1].strip() };
	}

	private static String httpDate(@Nullable Instant instant) {
		return (instant == null) ? "" : DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
	}

	/** What a chunk did, as response headers. */
	private record Chunk(HttpHeaders headers) {

		static Chunk progress(StoredFile row) {
			HttpHeaders headers = new HttpHeaders();
			headers.set(UPLOAD_OFFSET, Long.toString(row.receivedBytes()));
			if (row.uploadExpiresAt() != null) {
				headers.set(UPLOAD_EXPIRES, httpDate(row.uploadExpiresAt()));
			}
			return new Chunk(headers);
		}

		static Chunk finished(long length, UploadResult result) {
			HttpHeaders headers = new HttpHeaders();
			headers.set(UPLOAD_OFFSET, Long.toString(length));
			headers.set(HttpHeaders.CONTENT_LOCATION, "/api/v1/files/" + result.file().id());
			headers.set("X-File-Id", result.file().id().toString());
			if (result.deduplicated()) {
				headers.set("X-Deduplicated", "true");
			}
			return new Chunk(headers);
		}

	}

	/** A chunk whose checksum did not match: refused with tus's 460. */
	static final class ChecksumMismatch extends FileProblem {

		ChecksumMismatch() {
			super(HttpStatus.BAD_REQUEST, "checksum mismatch: the chunk was not kept", List.of(), Map.of(),
					HttpHeaders.EMPTY);
		}

		@Override
		public int statusValue() {
			return 460;
		}

	}

}

package dev.konfig.file.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.file.content.HeaderSource;
import dev.konfig.file.content.ImageFacts;
import dev.konfig.file.content.ImageHeaders;
import dev.konfig.file.content.MediaTypes;
import dev.konfig.file.file.FileEvents;
import dev.konfig.file.file.FileMetadata;
import dev.konfig.file.file.FileNames;
import dev.konfig.file.file.FileRepository;
import dev.konfig.file.file.FileType;
import dev.konfig.file.file.OrganizationUsage;
import dev.konfig.file.file.StoredFile;
import dev.konfig.file.storage.BlobStore;
import dev.konfig.file.storage.TempFileWriter;
import dev.konfig.file.system.FileProblem;
import dev.konfig.file.system.FileProperties;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.FieldViolation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Registers one imported file: its bytes are hashed and their type and image facts read, then,
 * unless the organization already holds the same bytes (deduplicated, as uploads are), they are
 * put in place (moved in when copied, hard-linked when referenced) and the row, the usage and
 * the {@code file.imported} event are committed in one transaction. Whatever fails, nothing of
 * the file is kept.
 */
@Service
class FileImport {

	private final FileRepository files;

	private final DatabaseClient db;

	private final OrganizationUsage usage;

	private final FileEvents events;

	private final BlobStore store;

	private final TransactionalOperator transaction;

	private final FileProperties properties;

	private final ImportProperties imports;

	FileImport(FileRepository files, DatabaseClient db, OrganizationUsage usage, FileEvents events, BlobStore store,
			TransactionalOperator transaction, FileProperties properties, ImportProperties imports) {
		this.files = files;
		this.db = db;
		this.usage = usage;
		this.events = events;
		this.store = store;
		this.transaction = transaction;
		this.properties = properties;
		this.imports = imports;
	}

	/** What the importer says of the file. */
	record Item(UUID id, UUID organizationId, String filename, String originalFilename, FileType fileType,
			@Nullable Instant createdAt, String source, @Nullable String legacyPath) {

		static Item of(String id, String organizationId, String filename, @Nullable String originalFilename,
				String fileType, @Nullable String createdAt, String source, @Nullable String legacyPath) {
			List<FieldViolation> errors = new java.util.ArrayList<>();
			UUID fileId = uuid("id", id, errors);
			UUID organization = uuid("organization_id", organizationId, errors);
			FileType type = FileType.parse(fileType).orElse(null);
			if (type == null) {
				errors.add(new FieldViolation("file_type", "must be one of " + FileType.listed()));
			}
			if (filename == null || filename.isBlank()) {
				errors.add(new FieldViolation("filename", "is required"));
			}
			if (source == null || !source.matches("[a-z]{1,32}")) {
				errors.add(new FieldViolation("source", "must be 1 to 32 lowercase letters"));
			}
			Instant created = null;
			if (createdAt != null) {
				try {
					created = Instant.parse(createdAt).truncatedTo(ChronoUnit.MICROS);
				}
				catch (DateTimeParseException ex) {
					errors.add(new FieldViolation("created_at", "must be an ISO-8601 UTC time"));
				}
			}
			if (!errors.isEmpty()) {
				throw new BadRequestException("The imported file is not valid", errors);
			}
			return new Item(fileId, organization, FileNames.display(filename),
					FileNames.original(originalFilename == null ? filename : originalFilename), type, created, source,
					legacyPath);
		}

		private static UUID uuid(String field, @Nullable String text, List<FieldViolation> errors) {
			try {
				return UUID.fromString(text == null ? "" : text);
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldViolation(field, "must be a UUID"));
				return null;
			}
		}

	}

	/**
	 * @param duplicateOf the organization's file that already holds these bytes (the import's
	 * answer then names it instead of the imported id)
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Result(UUID id, String outcome, @Nullable UUID duplicateOf, String sha256, long fileSize, String mimeType,
			@Nullable Integer widthPx, @Nullable Integer heightPx) {

		boolean imported() {
			return "imported".equals(this.outcome);
		}

	}

	/** What the bytes are. */
	private record Content(long size, String sha256, String mediaType, ImageFacts image) {
	}

	/** {@code --copy}: the body is streamed into a temporary file, which becomes the stored file. */
	Mono<Result> copy(Item item, Flux<DataBuffer> body, boolean dryRun) {
		// A file already there answers once its body is read and dropped, so the connection stays usable.
		return known(item).flatMap(result -> body.doOnNext(DataBufferUtils::release).then(Mono.just(result)))
			.switchIfEmpty(Mono.defer(() -> {
			long max = this.properties.maxSize().toBytes();
			MessageDigest sha256 = TempFileWriter.sha256();
			// The temporary file is gone before the answer leaves (moved into place, or deleted).
			return Mono.usingWhen(this.store.createTemp(item.id()), temp -> TempFileWriter
					.write(body, temp, 0, max, this.properties.idleTimeout(), max,
							needed -> Mono.error(FileProblem.tooLarge(max)), List.of(sha256))
					.onErrorMap(TempFileWriter.TooLarge.class, tooLarge -> FileProblem.tooLarge(max))
					.flatMap(size -> Mono.fromCallable(() -> inspect(temp, size, TempFileWriter.hex(sha256)))
						.subscribeOn(BlobStore.io()))
					.flatMap(content -> register(item, content, dryRun,
							path -> this.store.moveIntoPlace(temp, path))),
					temp -> this.store.deleteTemp(item.id()).onErrorComplete(),
					(temp, failure) -> this.store.deleteTemp(item.id()).onErrorComplete(),
					temp -> this.store.deleteTemp(item.id()).onErrorComplete());
		}));
	}

	/**
	 * {@code --reference}: the file stays where it is; the storage gets a hard link to it, so no
	 * byte is copied and the usual download path serves it.
	 */
	Mono<Result> reference(Item item, String relativePath, boolean dryRun) {
		return known(item).switchIfEmpty(Mono.defer(() -> Mono.fromCallable(() -> referenced(relativePath))
			.subscribeOn(BlobStore.io())
			.flatMap(source -> Mono.fromCallable(() -> inspect(source, Files.size(source), hash(source)))
				.subscribeOn(BlobStore.io())
				.flatMap(content -> register(item, content, dryRun, path -> link(source, path))))));
	}

	/** The same id again: already there when it is the same organization's, a conflict otherwise. */
	private Mono<Result> known(Item item) {
		return this.db.sql("SELECT " + StoredFile.COLUMNS + " FROM files WHERE id = :id")
			.bind("id", item.id())
			.map((row, meta) -> StoredFile.of(row))
			.one()
			.map(existing -> {
			if (!existing.organizationId().equals(item.organizationId())) {
				throw new ConflictException("The file id " + item.id() + " belongs to another organization");
			}
			return new Result(existing.id(), "already_there", null, existing.sha256(), existing.fileSize(),
					existing.mimeType(), existing.image().widthPx(), existing.image().heightPx());
		});
	}

	private interface Placement {

		Mono<Void> place(String filePath);

	}

	private Mono<Result> register(Item item, Content content, boolean dryRun, Placement placement) {
		Set<String> allowed = this.properties.allowed().get(item.fileType());
		if (!allowed.isEmpty() && !allowed.contains(content.mediaType())) {
			return Mono.error(FileProblem.unsupportedType(item.fileType().value(), content.mediaType(),
					allowed.stream().sorted().toList()));
		}
		if (content.size() == 0) {
			return Mono.error(new BadRequestException("Empty file", List.of(new FieldViolation("file", "is empty"))));
		}
		return this.files.findStoredByHash(item.organizationId(), content.sha256())
			.map(existing -> new Result(existing.id(), "already_there", existing.id(), content.sha256(),
					content.size(), content.mediaType(), content.image().widthPx(), content.image().heightPx()))
			.switchIfEmpty(Mono.defer(() -> dryRun ? this.usage.of(item.organizationId())
				.flatMap(figures -> figures.usedBytes() + figures.reservedBytes() + content.size() > figures
					.quotaBytes() ? Mono.error(FileProblem.of(HttpStatus.INSUFFICIENT_STORAGE,
							"The organization's quota has no room for this file")) : Mono.just(result(item, content))
				)
					: store(item, content, placement)));
	}

	private Mono<Result> store(Item item, Content content, Placement placement) {
		Instant created = item.createdAt() != null ? item.createdAt() : Instant.now().truncatedTo(ChronoUnit.MICROS);
		String filePath = BlobStore.pathOf(item.organizationId(), item.fileType().value(), created, item.id());
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("imported_from", item.source());
		if (item.legacyPath() != null) {
			metadata.put("legacy_path", item.legacyPath());
		}
		FileRepository.NewUpload row = new FileRepository.NewUpload(item.id(), item.organizationId(),
				item.fileType().value(), item.filename(), item.originalFilename(), filePath, content.size(), null,
				FileMetadata.toJson(metadata), null, null, created, content.size(), false, null, null);
		return placement.place(filePath)
			.then(this.usage.reserveFile(item.organizationId(), content.size())
				.then(this.files.insertUpload(row))
				.then(this.files.markReady(item.id(), content.size(), content.sha256(), content.mediaType(),
						content.image()))
				.flatMap(ready -> this.usage.store(item.organizationId(), content.size(), content.size())
					.then(imported(ready)))
				.as(this.transaction::transactional))
			.thenReturn(result(item, content))
			.onErrorResume(failure -> this.store.delete(filePath).onErrorComplete().then(Mono.error(failure)));
	}

	private static Result result(Item item, Content content) {
		return new Result(item.id(), "imported", null, content.sha256(), content.size(), content.mediaType(),
				content.image().widthPx(), content.image().heightPx());
	}

	private Mono<Void> imported(StoredFile file) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("filename", file.filename());
		data.put("file_type", file.fileType());
		data.put("file_size", file.fileSize());
		data.put("sha256", file.sha256());
		data.put("mime_type", file.mimeType());
		data.put("imported_from", FileMetadata.fromText(file.metadataJson()).get("imported_from"));
		return this.events.append(AuditEvent.of(file.organizationId(), "file.imported", "file", file.id(),
				AuditEvent.SUCCESS, data));
	}

	/** The referenced file, which must be a regular file under the reference root (no link leads out). */
	private Path referenced(String relativePath) throws IOException {
		if (this.imports.root() == null) {
			throw FileProblem.of(HttpStatus.UNPROCESSABLE_CONTENT,
					"file-service has no reference root (konfig.file.imports.reference-root): import with --copy");
		}
		Path root = this.imports.root().toRealPath();
		Path named = root.resolve(relativePath.startsWith("/") ? relativePath.substring(1) : relativePath).normalize();
		Path real;
		try {
			real = named.toRealPath();
		}
		catch (NoSuchFileException ex) {
			throw FileProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, "No file at " + relativePath
					+ " under the reference root");
		}
		if (!real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
			throw FileProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, relativePath
					+ " is not a regular file under the reference root");
		}
		return real;
	}

	private Mono<Void> link(Path source, String filePath) {
		Path target = this.store.resolve(filePath);
		return Mono.<Void>fromRunnable(() -> {
			try {
				Files.createDirectories(target.getParent());
				Files.createLink(target, source);
			}
			catch (FileSystemException ex) {
				throw FileProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, "The file cannot be referenced from the "
						+ "storage (a hard link needs the same file system: " + ex.getReason() + "); import with --copy");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}).subscribeOn(BlobStore.io());
	}

	private static Content inspect(Path file, long size, String sha256) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			ByteBuffer head = ByteBuffer.allocate(4096);
			channel.read(head, 0);
			byte[] first = new byte[head.position()];
			head.flip().get(first);
			String mediaType = MediaTypes.detect(first);
			return new Content(size, sha256, mediaType, ImageHeaders.read(mediaType, HeaderSource.of(channel)));
		}
	}

	private static String hash(Path file) throws IOException {
		MessageDigest digest = TempFileWriter.sha256();
		try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return TempFileWriter.hex(digest);
	}

}

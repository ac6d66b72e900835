package dev.konfig.file.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
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
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one upload pipeline (FS-4), for plain and resumable uploads alike:
 * <ol>
 * <li>{@link #begin}: limits checked before any byte is read; the organization's quota reserved
 * and the row inserted as {@code uploading} in one transaction; free space checked; an empty
 * temporary file created;</li>
 * <li>{@link #receive}: the body streamed into the temporary file through SHA-256 and a
 * counter, the reservation extended step by step when the length was not announced;</li>
 * <li>{@link #finish}: type detected from the bytes and checked against the file type, image
 * facts read, the client's checksum compared, deduplicated against the organization's stored
 * files, moved into place atomically, and committed ({@code ready}, usage, event) in one
 * transaction;</li>
 * <li>{@link #abandon} on any failure: temporary file removed, reservation released, row
 * {@code failed} with its reason (and {@code file.upload_failed}), or removed when nothing
 * arrived.</li>
 * </ol>
 */
@Component
class UploadPipeline {

	private static final Logger log = LoggerFactory.getLogger(UploadPipeline.class);

	/** What a length-less upload reserves at first, and each time it outgrows its reservation. */
	static final long RESERVATION_STEP = 64L * 1024 * 1024;

	private final FileRepository files;

	private final OrganizationUsage usage;

	private final FileEvents events;

	private final BlobStore store;

	private final UploadSlots slots;

	private final TransactionalOperator transaction;

	private final FileProperties properties;

	private final Map<FileType, Set<String>> allowed;

	UploadPipeline(FileRepository files, OrganizationUsage usage, FileEvents events, BlobStore store,
			UploadSlots slots, TransactionalOperator transaction, FileProperties properties) {
		this.files = files;
		this.usage = usage;
		this.events = events;
		this.store = store;
		this.slots = slots;
		this.transaction = transaction;
		this.properties = properties;
		this.allowed = properties.allowed();
	}

	long maxSize() {
		return this.properties.maxSize().toBytes();
	}

	/** A plain upload from start to end. */
	Mono<UploadResult> run(UploadRequest request, Flux<DataBuffer> body) {
		return begin(request, null).flatMap(upload -> receive(upload, body, true)
			.then(Mono.defer(() -> finish(upload)))
			.onErrorResume(failure -> abandon(upload, failure).then(Mono.error(failure)))
			.doOnCancel(() -> abandon(upload, new CancelledUpload()).subscribe())
			.doFinally(signal -> upload.releaseSlot()));
	}

	/**
	 * Admits and reserves an upload. A resumable session ({@code expiresAt} set) keeps no slot:
	 * each of its chunks takes one while it streams.
	 */
	Mono<Upload> begin(UploadRequest request, @Nullable Instant expiresAt) {
		return Mono.defer(() -> {
			Long length = request.expectedLength();
			if (length != null && length > maxSize()) {
				return Mono.error(FileProblem.tooLarge(maxSize()));
			}
			if (length != null && length == 0) {
				return Mono.error(emptyFile());
			}
			boolean resumable = expiresAt != null;
			UploadSlots.Slot slot = resumable ? null : this.slots.acquire(request.organizationId());
			long reservation = (length != null) ? length : Math.min(RESERVATION_STEP, maxSize());
			UUID id = UUID.randomUUID();
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			FileRepository.NewUpload row = new FileRepository.NewUpload(id, request.organizationId(),
					request.fileType().value(), FileNames.display(request.givenFilename()),
					FileNames.original(request.givenFilename()),
					BlobStore.pathOf(request.organizationId(), request.fileType().value(), now, id), reservation,
					declared(request.declaredMimeType()), FileMetadata.toJson(request.metadata()), request.createdBy(),
					request.createdByType(), now, reservation, resumable, expiresAt, request.clientSha256());
			return checkFreeSpace(request.organizationId(), reservation)
				.then(this.usage.reserveFile(request.organizationId(), reservation)
					.then(this.files.insertUpload(row))
					.as(this.transaction::transactional))
				.flatMap(inserted -> this.store.createTemp(id)
					.map(temp -> new Upload(inserted, temp, request.clientSha256(), length != null, slot))
					.onErrorResume(failure -> releaseAndForget(inserted).then(Mono.error(failure))))
				.doOnError(failure -> {
					if (slot != null) {
						slot.release();
					}
				});
		});
	}

	/**
	 * Streams a body into the upload's temporary file from where it stands.
	 *
	 * @param hashing whether the SHA-256 is computed on the way (a plain upload); resumable
	 * uploads hash the whole file once complete
	 */
	Mono<Void> receive(Upload upload, Flux<DataBuffer> body, boolean hashing) {
		long limit = upload.bounded() ? Math.min(maxSize(), upload.reserved()) : maxSize();
		MessageDigest sha256 = TempFileWriter.sha256();
		return receive(upload, body, hashing ? List.of(sha256) : List.of(), limit - upload.received())
			.doOnSuccess(done -> {
				if (hashing) {
					upload.sha256(TempFileWriter.hex(sha256));
				}
			});
	}

	/** As {@link #receive(Upload, Flux, boolean)} with the caller's digests and byte limit. */
	Mono<Void> receive(Upload upload, Flux<DataBuffer> body, List<MessageDigest> digests, long maxBytes) {
		return Mono.defer(() -> streamInto(upload, body, digests, maxBytes));
	}

	private Mono<Void> streamInto(Upload upload, Flux<DataBuffer> body, List<MessageDigest> digests, long maxBytes) {
		long start = upload.received();
		Duration beat = heartbeat();
		// While bytes stream, the row shows progress, so the sweep never abandons a slow upload.
		Disposable heartbeat = Flux.interval(beat, beat)
			.concatMap(tick -> this.files.touch(upload.id()).onErrorComplete())
			.subscribe();
		return TempFileWriter.write(body, upload.temp(), start, maxBytes, this.properties.idleTimeout(),
				upload.reserved() - start, needed -> grow(upload, start + needed).map(total -> total - start), digests)
			.doOnNext(count -> upload.received(start + count))
			.onErrorMap(TempFileWriter.TooLarge.class, tooLarge -> FileProblem.tooLarge(maxSize()))
			.onErrorMap(TempFileWriter.Idle.class, idle -> FileProblem.idle(this.properties.idleTimeout()))
			.doFinally(signal -> heartbeat.dispose())
			.then();
	}

	private Duration heartbeat() {
		Duration quarter = this.properties.uploadStaleAfter().dividedBy(4);
		return (quarter.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : quarter;
	}

	/** Completes an upload whose bytes are all in its temporary file. */
	Mono<UploadResult> finish(Upload upload) {
		if (upload.received() == 0) {
			return Mono.error(emptyFile());
		}
		FileType type = FileType.parse(upload.row().fileType()).orElseThrow();
		return Mono.fromCallable(() -> inspect(upload)).subscribeOn(BlobStore.io()).flatMap(content -> {
			Set<String> allowedTypes = this.allowed.get(type);
			if (!allowedTypes.isEmpty() && !allowedTypes.contains(content.mediaType())) {
				return Mono.error(FileProblem.unsupportedType(type.value(), content.mediaType(),
						allowedTypes.stream().sorted().toList()));
			}
			if (upload.clientSha256() != null && !upload.clientSha256().equals(content.sha256())) {
				return Mono.error(new BadRequestException("checksum mismatch",
						List.of(new FieldViolation("checksum", "does not match the SHA-256 of the bytes received"))));
			}
			return this.files.findStoredByHash(upload.organizationId(), content.sha256())
				.flatMap(existing -> discard(upload).thenReturn(new UploadResult(existing, true)))
				.switchIfEmpty(Mono.defer(() -> store(upload, content)));
		});
	}

	private Mono<UploadResult> store(Upload upload, Content content) {
		StoredFile row = upload.row();
		return this.store.moveIntoPlace(upload.temp(), row.filePath())
			.then(this.files.markReady(row.id(), upload.received(), content.sha256(), content.mediaType(), content.image())
				.flatMap(ready -> this.usage.store(ready.organizationId(), upload.reserved(), ready.fileSize())
					.then(this.events.uploaded(ready))
					.thenReturn(new UploadResult(ready, false)))
				.switchIfEmpty(Mono.error(() -> FileProblem.of(HttpStatus.CONFLICT,
						"The upload was abandoned before it completed; upload the file again")))
				.as(this.transaction::transactional))
			.onErrorResume(failure -> isDuplicate(failure) ? lostTheRace(upload, content.sha256())
					: this.store.delete(row.filePath()).onErrorComplete().then(Mono.error(failure)));
	}

	/** Another upload of the same bytes committed first: the answer is that file. */
	private Mono<UploadResult> lostTheRace(Upload upload, String sha256) {
		return this.store.delete(upload.row().filePath())
			.then(discard(upload))
			.then(this.files.findStoredByHash(upload.organizationId(), sha256))
			.map(winner -> new UploadResult(winner, true))
			.switchIfEmpty(Mono.error(() -> FileProblem.of(HttpStatus.CONFLICT,
					"A file with the same content changed while this one was stored; upload it again")));
	}

	/** The upload is not kept (deduplicated): no trace but the answer. */
	private Mono<Void> discard(Upload upload) {
		return this.store.deleteTemp(upload.id()).then(releaseAndForget(upload.row(), upload.reserved()));
	}

	private Mono<Void> releaseAndForget(StoredFile row) {
		return releaseAndForget(row, row.reservedBytes());
	}

	private Mono<Void> releaseAndForget(StoredFile row, long reserved) {
		return this.usage.release(row.organizationId(), reserved)
			.then(this.files.delete(row.id()))
			.as(this.transaction::transactional)
			.then();
	}

	/** A resumable session ended by its client (tus termination): no trace but the answer. */
	Mono<Void> terminate(StoredFile row) {
		return this.store.deleteTemp(row.id()).then(releaseAndForget(row));
	}

	/**
	 * Cleans up after a failure: the temporary file goes, the reservation is released, and the
	 * row is marked {@code failed} with the reason (or removed when no byte arrived).
	 */
	Mono<Void> abandon(Upload upload, Throwable failure) {
		String reason = reason(failure);
		Mono<Void> rows = (upload.received() == 0) ? releaseAndForget(upload.row(), upload.reserved())
				: this.usage.release(upload.organizationId(), upload.reserved())
					.then(this.files.markFailed(upload.id(), reason))
					.flatMap(failed -> this.events.uploadFailed(failed, reason))
					.as(this.transaction::transactional);
		return this.store.deleteTemp(upload.id())
			.then(rows)
			.doOnError(ex -> log.warn("Cleaning up upload {} failed; the sweep will: {}", upload.id(), ex.toString()))
			.onErrorComplete();
	}

	/** Extends a length-less upload's reservation to cover {@code total} bytes. */
	private Mono<Long> grow(Upload upload, long total) {
		long missing = total - upload.reserved();
		long step = Math.max(RESERVATION_STEP, missing);
		long extra = Math.min(step, Math.max(missing, maxSize() - upload.reserved()));
		return checkFreeSpace(upload.organizationId(), extra)
			.then(this.usage.reserveMore(upload.organizationId(), extra))
			.flatMap(reserved -> {
				upload.reserved(upload.reserved() + extra);
				return this.files.recordProgress(upload.id(), total, upload.reserved(), upload.row().uploadExpiresAt());
			})
			.map(row -> upload.reserved());
	}

	private Mono<Void> checkFreeSpace(UUID organizationId, long bytes) {
		return Mono.fromCallable(this.store::usableSpace).subscribeOn(BlobStore.io()).flatMap(free -> {
			if (free >= bytes + this.properties.minFreeBytes().toBytes()) {
				return Mono.<Void>empty();
			}
			log.warn("Storage nearly full: {} bytes free, an upload needs {} plus the {} kept free", free, bytes,
					this.properties.minFreeBytes().toBytes());
			return this.usage.of(organizationId)
				.flatMap(figures -> Mono.error(FileProblem.insufficientStorage("The storage has no room for this file",
						figures.quotaBytes(), figures.usedBytes(), figures.reservedBytes(), figures.maxFiles(),
						figures.fileCount())));
		});
	}

	/** Reads what the bytes are: type, image facts, and the hash when it was not computed while streaming. */
	private Content inspect(Upload upload) {
		try (FileChannel channel = FileChannel.open(upload.temp(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			ByteBuffer head = ByteBuffer.allocate(4096);
			channel.read(head, 0);
			byte[] first = new byte[head.position()];
			head.flip().get(first);
			String mediaType = MediaTypes.detect(first);
			ImageFacts image = ImageHeaders.read(mediaType, HeaderSource.of(channel));
			String sha256 = (upload.sha256() != null) ? upload.sha256() : hash(channel);
			return new Content(mediaType, image, sha256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SHA-256 of a whole file, read in 1 MiB steps. */
	static String hash(FileChannel channel) throws IOException {
		MessageDigest digest = TempFileWriter.sha256();
		ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
		long position = 0;
		int n;
		while ((n = channel.read(buffer, position)) > 0) {
			position += n;
			buffer.flip();
			digest.update(buffer);
			buffer.clear();
		}
		return TempFileWriter.hex(digest);
	}

	private static boolean isDuplicate(Throwable failure) {
		return failure instanceof DataIntegrityViolationException
				|| failure instanceof R2dbcDataIntegrityViolationException;
	}

	static BadRequestException emptyFile() {
		return new BadRequestException("Empty file", List.of(new FieldViolation("file", "is empty")));
	}

	@Nullable
	private static String declared(@Nullable String mediaType) {
		if (mediaType == null || mediaType.isBlank()) {
			return null;
		}
		String trimmed = mediaType.strip();
		return (trimmed.length() > 127) ? trimmed.substring(0, 127) : trimmed;
	}

	private static String reason(Throwable failure) {
		if (failure instanceof CancelledUpload) {
			return "upload abandoned";
		}
		if (failure instanceof FileProblem problem) {
			return switch (problem.status()) {
				case REQUEST_TIMEOUT -> "upload abandoned";
				case CONTENT_TOO_LARGE -> "file too large";
				case UNSUPPORTED_MEDIA_TYPE -> "content type not allowed";
				case INSUFFICIENT_STORAGE -> "quota exceeded";
				default -> problem.getMessage();
			};
		}
		if (failure instanceof BadRequestException bad) {
			return bad.getMessage();
		}
		return "storage failure";
	}

	/** What the stored bytes are. */
	record Content(String mediaType, ImageFacts image, String sha256) {
	}

	/** The client went away mid-upload. */
	static final class CancelledUpload extends RuntimeException {

		CancelledUpload() {
			super("The client went away", null, false, false);
		}

	}

}

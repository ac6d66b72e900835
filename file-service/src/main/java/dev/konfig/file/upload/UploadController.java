package dev.konfig.file.upload;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.lang.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.file.file.FileMetadata;
import dev.konfig.file.file.FileResponse;
import dev.konfig.file.file.FileType;
import dev.konfig.file.system.FileProblem;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.FieldViolation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/files} (alias {@code /upload}): a multipart form (FS-2) or a raw body
 * (FS-3), streamed through the upload pipeline. 201 with the new file, or 200 with the
 * organization's file of the same bytes ({@code deduplicated: true}).
 */
@RestController
@RequestMapping("/api/v1/files")
class UploadController {

	/** The form fields a multipart upload may carry besides {@code file}. */
	static final Set<String> FIELDS = Set.of("file_type", "metadata", "filename");

	/** All non-file fields together. */
	static final int MAX_FIELD_BYTES = 64 * 1024;

	/** Room for multipart framing and fields beyond the file itself. */
	static final long MULTIPART_OVERHEAD = MAX_FIELD_BYTES + 16 * 1024;

	private final UploadPipeline pipeline;

	UploadController(UploadPipeline pipeline) {
		this.pipeline = pipeline;
	}

	@PostMapping(path = { "", "/upload" }, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<ResponseEntity<FileResponse>> multipart(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(name = "file_type", required = false) @Nullable String queryFileType, ServerHttpRequest request,
			@RequestBody Flux<PartEvent> parts) {
		return Mono.defer(() -> {
			principal.requireOrganization();
			Long length = UploadHeaders.contentLength(request.getHeaders());
			if (length != null && length > this.pipeline.maxSize() + MULTIPART_OVERHEAD) {
				return Mono.error(FileProblem.tooLarge(this.pipeline.maxSize()));
			}
			String checksum = UploadHeaders.clientSha256(request.getHeaders());
			Form form = new Form(principal, queryFileType, length, checksum);
			return parts.windowUntil(PartEvent::isLast)
				.concatMap(part -> part.switchOnFirst((first, events) -> first.hasValue()
						? form.accept(first.get(), events) : events.then()))
				.then(Mono.defer(form::finish))
				.onErrorResume(failure -> form.abandon(failure).then(Mono.error(failure)))
				.doOnCancel(() -> form.abandon(new UploadPipeline.CancelledUpload()).subscribe())
				.doFinally(signal -> form.releaseSlot())
				.map(UploadController::answer);
		});
	}

	@PostMapping(path = { "", "/upload" })
	Mono<ResponseEntity<FileResponse>> raw(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam MultiValueMap<String, String> query, ServerHttpRequest request) {
		return Mono.defer(() -> {
			if (query.containsKey("metadata")) {
				throw new BadRequestException("metadata cannot be sent with a raw upload; set it with PATCH afterwards",
						List.of(new FieldViolation("metadata", "is not accepted with a raw body; use PATCH")));
			}
			FileType type = UploadHeaders.fileType(query.getFirst("file_type"));
			String filename = query.getFirst("filename");
			if (filename == null) {
				filename = UploadHeaders.dispositionFilename(request.getHeaders());
			}
			MediaType contentType = request.getHeaders().getContentType();
			UploadRequest upload = new UploadRequest(principal.requireOrganization(), type, filename,
					(contentType == null) ? null : contentType.toString(), Map.of(),
					UploadHeaders.contentLength(request.getHeaders()), UploadHeaders.clientSha256(request.getHeaders()),
					principal.subject(), principal.type().claim());
			return this.pipeline.run(upload, request.getBody());
		}).map(UploadController::answer);
	}

	static ResponseEntity<FileResponse> answer(UploadResult result) {
		FileResponse body = FileResponse.of(result.file(), result.deduplicated());
		if (result.deduplicated()) {
			return ResponseEntity.ok()
				.eTag(EntityTags.of(result.file().version()))
				.header("X-Deduplicated", "true")
				.body(body);
		}
		return ResponseEntity.created(URI.create("/api/v1/files/" + result.file().id()))
			.eTag(EntityTags.of(result.file().version()))
			.body(body);
	}

	/**
	 * One multipart request as its parts arrive: fields first, then exactly one {@code file}
	 * part, which streams into the pipeline; the upload completes only once the whole body has
	 * been read and nothing followed the file.
	 */
	private final class Form {

		private final KonfigPrincipal principal;

		private final @Nullable String queryFileType;

		private final @Nullable Long length;

		private final @Nullable String checksum;

		private final Map<String, String> fields = new HashMap<>();

		private int fieldBytes;

		private volatile @Nullable Upload upload;

		Form(KonfigPrincipal principal, @Nullable String queryFileType, @Nullable Long length,
				@Nullable String checksum) {
			this.principal = principal;
			this.queryFileType = queryFileType;
			this.length = length;
			this.checksum = checksum;
		}

		Mono<Void> accept(PartEvent first, Flux<PartEvent> events) {
			if (this.upload != null) {
				return Mono.error(invalidPart("file", "must be the last part of the form: '" + first.name()
						+ "' follows it"));
			}
			if (first instanceof FilePartEvent file) {
				if (!"file".equals(first.name())) {
					return Mono.error(invalidPart("file", "is the only file part allowed, not '" + first.name() + "'"));
				}
				return UploadController.this.pipeline.begin(request(file), null).flatMap(started -> {
					this.upload = started;
					return UploadController.this.pipeline.receive(started, events.map(PartEvent::content), true);
				});
			}
			if (first instanceof FormPartEvent field) {
				return events.doOnNext(event -> DataBufferUtils.release(event.content()))
					.then(Mono.fromRunnable(() -> field(field)));
			}
			return events.doOnNext(event -> DataBufferUtils.release(event.content())).then();
		}

		private void field(FormPartEvent field) {
			String name = field.name();
			if ("file".equals(name)) {
				throw invalidPart("file", "must be a file part with a filename");
			}
			if (!FIELDS.contains(name)) {
				throw invalidPart("file", "'" + name + "' is not a field of an upload (file, "
						+ String.join(", ", FIELDS.stream().sorted().toList()) + ")");
			}
			if (this.fields.containsKey(name)) {
				throw invalidPart(name, "is sent twice");
			}
			this.fieldBytes += field.value().getBytes(StandardCharsets.UTF_8).length;
			if (this.fieldBytes > MAX_FIELD_BYTES) {
				throw invalidPart(name, "the form's fields exceed " + MAX_FIELD_BYTES + " bytes");
			}
			this.fields.put(name, field.value());
		}

		private UploadRequest request(FilePartEvent file) {
			String typeValue = this.fields.containsKey("file_type") ? this.fields.get("file_type") : this.queryFileType;
			FileType type = UploadHeaders.fileType(typeValue);
			Map<String, Object> metadata = this.fields.containsKey("metadata")
					? FileMetadata.fromText(this.fields.get("metadata")) : Map.of();
			String filename = this.fields.containsKey("filename") ? this.fields.get("filename") : file.filename();
			MediaType declared = file.headers().getContentType();
			return new UploadRequest(this.principal.requireOrganization(), type, filename,
					(declared == null) ? null : declared.toString(), metadata, this.length, this.checksum,
					this.principal.subject(), this.principal.type().claim());
		}

		Mono<UploadResult> finish() {
			Upload started = this.upload;
			if (started == null) {
				return Mono.error(invalidPart("file", "is required: a part named 'file' with a filename"));
			}
			return UploadController.this.pipeline.finish(started);
		}

		Mono<Void> abandon(Throwable failure) {
			Upload started = this.upload;
			return (started == null) ? Mono.empty() : UploadController.this.pipeline.abandon(started, failure);
		}

		void releaseSlot() {
			Upload started = this.upload;
			if (started != null) {
				started.releaseSlot();
			}
		}

	}

	private static BadRequestException invalidPart(String field, String message) {
		return new BadRequestException("The upload form is not valid: " + field + " " + message,
				List.of(new FieldViolation(field, message)));
	}

}

package dev.konfig.file.upload;

import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.lang.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.file.file.FileMetadata;
import dev.konfig.file.file.FileResponse;
import dev.konfig.file.file.FileService;
import dev.konfig.file.file.FileType;
import dev.konfig.platform.security.KonfigPrincipal;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/files?organization_id=&file_type=&filename=&metadata=} (scope
 * {@code internal}): a service stores a file for an organization (print-service's rendered gang
 * sheets), through the same pipeline as a raw upload, dedup included; {@code created_by_type} is
 * {@code service}. {@code metadata} is a JSON object checked as a client's (print-service records
 * the gang-sheet job there, RN-5).
 */
@RestController
class InternalUploadController {

	private final UploadPipeline pipeline;

	InternalUploadController(UploadPipeline pipeline) {
		this.pipeline = pipeline;
	}

	@PostMapping("/internal/files")
	Mono<ResponseEntity<FileResponse>> store(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(name = "organization_id", required = false) @Nullable String organizationId,
			@RequestParam(name = "file_type", required = false) @Nullable String fileType,
			@RequestParam(name = "filename", required = false) @Nullable String filename,
			@RequestParam(name = "metadata", required = false) @Nullable String metadata, ServerHttpRequest request) {
		return Mono.defer(() -> {
			UUID organization = FileService.organizationParameter(organizationId);
			FileType type = UploadHeaders.fileType(fileType);
			MediaType contentType = request.getHeaders().getContentType();
			UploadRequest upload = new UploadRequest(organization, type,
					(filename != null) ? filename : UploadHeaders.dispositionFilename(request.getHeaders()),
					(contentType == null) ? null : contentType.toString(),
					(metadata == null) ? Map.of() : FileMetadata.fromText(metadata),
					UploadHeaders.contentLength(request.getHeaders()), UploadHeaders.clientSha256(request.getHeaders()),
					principal.subject(), principal.type().claim());
			return this.pipeline.run(upload, request.getBody());
		}).map(UploadController::answer);
	}


}

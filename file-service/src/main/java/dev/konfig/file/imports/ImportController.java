package dev.konfig.file.imports;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/import/files?id=&organization_id=&filename=...} with the bytes as the
 * body ({@code --copy}), or {@code POST /internal/import/files/reference} naming the file under
 * the reference root ({@code --reference}). 201 imported; 200 already there (the same id, or the
 * same bytes in the organization: {@code duplicate_of} names the file that holds them); 409 an
 * id of another organization; 4xx/507 refused, with nothing kept. {@code dry_run=true} reads and
 * checks everything and keeps nothing. Only the service client {@code importer} may call.
 */
@RestController
class ImportController {

	static final String IMPORTER = "importer";

	private final FileImport imports;

	ImportController(FileImport imports) {
		this.imports = imports;
	}

	@PostMapping("/internal/import/files")
	Mono<ResponseEntity<FileImport.Result>> copy(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam("id") String id,
			@RequestParam("organization_id") String organizationId, @RequestParam("filename") String filename,
			@RequestParam(name = "original_filename", required = false) @Nullable String originalFilename,
			@RequestParam(name = "file_type", defaultValue = "design") String fileType,
			@RequestParam(name = "created_at", required = false) @Nullable String createdAt,
			@RequestParam(name = "source", defaultValue = "printshop") String source,
			@RequestParam(name = "legacy_path", required = false) @Nullable String legacyPath,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun,
			@RequestBody Flux<DataBuffer> body) {
		return Mono.fromRunnable(() -> principal.requireService(IMPORTER))
			.then(Mono.fromSupplier(() -> FileImport.Item.of(id, organizationId, filename, originalFilename,
					fileType, createdAt, source, legacyPath)))
			.flatMap(item -> this.imports.copy(item, body, dryRun))
			.map(ImportController::answer);
	}

	/** The referenced file's path, relative to the reference root, with the same fields as a copy. */
	record Reference(String id, String organizationId, String path, String filename, @Nullable String originalFilename,
			@Nullable String fileType, @Nullable String createdAt, @Nullable String source) {
	}

	@PostMapping("/internal/import/files/reference")
	Mono<ResponseEntity<FileImport.Result>> reference(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestBody Reference reference,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return Mono.fromRunnable(() -> principal.requireService(IMPORTER))
			.then(Mono.fromSupplier(() -> FileImport.Item.of(reference.id(), reference.organizationId(),
					reference.filename(), reference.originalFilename(),
					reference.fileType() == null ? "design" : reference.fileType(), reference.createdAt(),
					reference.source() == null ? "printshop" : reference.source(), reference.path())))
			.flatMap(item -> this.imports.reference(item, reference.path(), dryRun))
			.map(ImportController::answer);
	}

	private static ResponseEntity<FileImport.Result> answer(FileImport.Result result) {
		return ResponseEntity.status(result.imported() ? HttpStatus.CREATED : HttpStatus.OK).body(result);
	}

}

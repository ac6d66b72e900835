package dev.konfig.file.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.file.content.HeaderSource;
import dev.konfig.file.content.ImageFacts;
import dev.konfig.file.content.ImageHeaders;
import dev.konfig.file.download.ContentResponses;
import dev.konfig.file.file.FileRepository;
import dev.konfig.file.file.FileResponse;
import dev.konfig.file.file.FileService;
import dev.konfig.file.file.FileStatus;
import dev.konfig.file.file.StoredFile;
import dev.konfig.file.storage.BlobStore;
import dev.konfig.file.system.FileProblem;
import dev.konfig.platform.web.EntityTags;
import reactor.core.publisher.Mono;

/**
 * Files of a named organization for the suite's services (spec §3): metadata, content,
 * permanent delete of partial outputs, and re-analysis of the image header. Storing a rendered
 * sheet is {@code POST /internal/files}, beside the other uploads.
 */
@RestController
@RequestMapping("/internal/files")
class InternalFileController {

	private final FileService files;

	private final FileRepository repository;

	private final ContentResponses content;

	private final BlobStore store;

	private final TransactionalOperator transaction;

	InternalFileController(FileService files, FileRepository repository, ContentResponses content, BlobStore store,
			TransactionalOperator transaction) {
		this.files = files;
		this.repository = repository;
		this.content = content;
		this.store = store;
		this.transaction = transaction;
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<FileResponse>> get(@PathVariable String id,
			@RequestParam(name = "organization_id", required = false) @Nullable String organizationId) {
		return Mono.fromSupplier(() -> FileService.organizationParameter(organizationId))
			.flatMap(organization -> this.files.find(organization, id))
			.map(file -> ResponseEntity.ok().eTag(EntityTags.of(file.version())).body(FileResponse.of(file)));
	}

	@RequestMapping(path = "/{id}/content", method = { RequestMethod.GET, RequestMethod.HEAD })
	Mono<Void> content(@PathVariable String id,
			@RequestParam(name = "organization_id", required = false) @Nullable String organizationId,
			ServerWebExchange exchange) {
		return Mono.fromSupplier(() -> FileService.organizationParameter(organizationId))
			.flatMap(organization -> this.files.find(organization, id))
			.flatMap(file -> this.content.write(file, exchange, null));
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@PathVariable String id,
			@RequestParam(name = "organization_id", required = false) @Nullable String organizationId) {
		return Mono.fromSupplier(() -> FileService.organizationParameter(organizationId))
			.flatMap(organization -> this.files.remove(organization, id))
			.thenReturn(ResponseEntity.noContent().build());
	}

	/** ready → processing → ready: the header read again (after a parser fix). */
	@PostMapping("/{id}/reanalyze")
	Mono<FileResponse> reanalyze(@PathVariable String id,
			@RequestParam(name = "organization_id", required = false) @Nullable String organizationId) {
		return Mono.fromSupplier(() -> FileService.organizationParameter(organizationId))
			.flatMap(organization -> this.files.find(organization, id))
			.flatMap(file -> this.repository
				.changeStatus(file.id(), List.of(FileStatus.READY), FileStatus.PROCESSING)
				.switchIfEmpty(Mono.error(() -> FileProblem.of(HttpStatus.CONFLICT,
						"Only ready files can be analysed again; this one is " + file.status())))
				.as(this.transaction::transactional))
			.flatMap(processing -> Mono.fromCallable(() -> facts(processing))
				.subscribeOn(BlobStore.io())
				.onErrorResume(failure -> this.repository
					.changeStatus(processing.id(), List.of(FileStatus.PROCESSING), FileStatus.READY)
					.then(Mono.error(failure)))
				.flatMap(facts -> this.repository.updateImage(processing.id(), facts)))
			.map(FileResponse::of);
	}

	private ImageFacts facts(StoredFile file) {
		try (FileChannel channel = FileChannel.open(this.store.resolve(file.filePath()), StandardOpenOption.READ,
				LinkOption.NOFOLLOW_LINKS)) {
			return ImageHeaders.read(file.mimeType(), HeaderSource.of(channel));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}


}

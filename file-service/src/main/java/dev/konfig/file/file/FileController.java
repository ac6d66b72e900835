package dev.konfig.file.file;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Mono;

/** The caller's organization's files as rows: list and search, get, edit, archive, restore, delete, stats. */
@RestController
@RequestMapping("/api/v1/files")
class FileController {

	private final FileService files;

	FileController(FileService files) {
		this.files = files;
	}

	@GetMapping({ "", "/search" })
	Mono<Page<FileResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam Map<String, String> query, PageRequest page) {
		return this.files.list(principal, query, page);
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<FileResponse>> get(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(organizationId -> this.files.find(organizationId, id))
			.map(file -> EntityTags.matches(ifNoneMatch, file.version())
					? ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(EntityTags.of(file.version())).<FileResponse>build()
					: ResponseEntity.ok().eTag(EntityTags.of(file.version())).body(FileResponse.of(file)));
	}

	/** PATCH and PUT both change only the fields sent. */
	@PatchMapping("/{id}")
	Mono<ResponseEntity<FileResponse>> update(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody Map<String, Object> body) {
		return this.files.update(principal, id, ifMatch, body)
			.map(file -> ResponseEntity.ok().eTag(EntityTags.of(file.version())).body(FileResponse.of(file)));
	}

	@PutMapping("/{id}")
	Mono<ResponseEntity<FileResponse>> replace(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@RequestBody Map<String, Object> body) {
		return update(principal, id, ifMatch, body);
	}

	/** Archives; {@code ?permanent=true} deletes for good (admins only). */
	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@RequestParam(name = "permanent", required = false) @Nullable String permanent) {
		return Mono.defer(() -> permanent(permanent) ? this.files.deletePermanently(principal, id)
				: this.files.archive(principal, id)).thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping("/{id}/restore")
	Mono<FileResponse> restore(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return this.files.restore(principal, id).map(FileResponse::of);
	}

	@GetMapping("/stats/storage")
	Mono<Map<String, Object>> stats(@AuthenticationPrincipal KonfigPrincipal principal) {
		return this.files.stats(principal);
	}

	/** Many ids in one call (print-service validating a job's files with the caller's token). */
	@PostMapping("/lookup")
	Mono<Map<String, Object>> lookup(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestBody Map<String, Object> body) {
		return Mono.defer(() -> {
			for (String field : body.keySet()) {
				if (!"ids".equals(field)) {
					throw new BadRequestException("A lookup takes only ids",
							List.of(new FieldViolation(field, "is not a field of a lookup")));
				}
			}
			return this.files.lookup(principal.requireOrganization(), body.get("ids"));
		});
	}

	private static boolean permanent(@Nullable String value) {
		if (value == null || "false".equals(value)) {
			return false;
		}
		if ("true".equals(value)) {
			return true;
		}
		throw new BadRequestException("permanent must be true or false",
				List.of(new FieldViolation("permanent", "must be true or false")));
	}

}

package dev.konfig.auth.importing;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;

/**
 * The importer's endpoints (scope {@code internal}, never routed by the gateway): 201 when the
 * item was imported, 200 when it was already there, 409 when its id or email belongs to
 * something else. With {@code dry_run=true} the same work runs and is rolled back, so the
 * answer says what would happen and nothing is written.
 */
@RestController
@RequestMapping("/internal/import")
class InternalImportController {

	/** The only client that may import. */
	static final String IMPORTER = "importer";

	private final LegacyImport imports;

	InternalImportController(LegacyImport imports) {
		this.imports = imports;
	}

	@PostMapping("/users")
	Mono<ResponseEntity<ImportRecords.ImportResult>> user(@AuthenticationPrincipal KonfigPrincipal principal,
			@Valid @RequestBody ImportRecords.ImportedUser user,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return Mono.fromRunnable(() -> principal.requireService(IMPORTER))
			.then(Mono.defer(() -> this.imports.user(user, dryRun)))
			.map(InternalImportController::answer);
	}

	@PostMapping("/api-keys")
	Mono<ResponseEntity<ImportRecords.ImportResult>> apiKey(@AuthenticationPrincipal KonfigPrincipal principal,
			@Valid @RequestBody ImportRecords.ImportedApiKey key,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return Mono.fromRunnable(() -> principal.requireService(IMPORTER))
			.then(Mono.defer(() -> this.imports.apiKey(key, dryRun)))
			.map(InternalImportController::answer);
	}

	private static ResponseEntity<ImportRecords.ImportResult> answer(ImportRecords.ImportResult result) {
		return ResponseEntity.status(result.imported() ? HttpStatus.CREATED : HttpStatus.OK).body(result);
	}

}

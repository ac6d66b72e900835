package dev.konfig.config.entry;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;

/**
 * The importer's endpoints (scope {@code internal}, never routed by the gateway): 201 when the
 * item was imported, 200 when it was already there, 409 when its id, name or key belongs to
 * something else, 404 for a namespace that is not there. With {@code dry_run=true} the same
 * work runs and is rolled back, so the answer says what would happen and nothing is written.
 */
@RestController
@RequestMapping("/internal/import")
class ImportController {

	/** The only client that may import. */
	static final String IMPORTER = "importer";

	private final ConfigImport imports;

	ImportController(ConfigImport imports) {
		this.imports = imports;
	}

	@PostMapping("/namespaces")
	Mono<ResponseEntity<ImportRecords.ImportResult>> namespace(@AuthenticationPrincipal KonfigPrincipal principal,
			@Valid @RequestBody ImportRecords.ImportedNamespace namespace,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return Mono.fromRunnable(() -> principal.requireService(IMPORTER))
			.then(Mono.defer(() -> this.imports.namespace(namespace, dryRun)))
			.map(ImportController::answer);
	}

	@PostMapping("/configs")
	Mono<ResponseEntity<ImportRecords.ImportResult>> config(@AuthenticationPrincipal KonfigPrincipal principal,
			@Valid @RequestBody ImportRecords.ImportedConfig config,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return Mono.fromRunnable(() -> principal.requireService(IMPORTER))
			.then(Mono.defer(() -> this.imports.config(config, dryRun)))
			.map(ImportController::answer);
	}

	private static ResponseEntity<ImportRecords.ImportResult> answer(ImportRecords.ImportResult result) {
		return ResponseEntity
			.status(ImportRecords.ImportResult.IMPORTED.equals(result.outcome()) ? HttpStatus.CREATED : HttpStatus.OK)
			.body(result);
	}

}

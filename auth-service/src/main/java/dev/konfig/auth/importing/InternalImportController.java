package dev.konfig.auth.importing;

import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The importer's endpoints (scope {@code internal}, never routed by the gateway): 201 when the
 * item was imported, 200 when it was already there, 409 when its id or email belongs to
 * something else.
 */
@RestController
@RequestMapping("/internal/import")
class InternalImportController {

	private final LegacyImport imports;

	InternalImportController(LegacyImport imports) {
		this.imports = imports;
	}

	@PostMapping("/users")
	Mono<ResponseEntity<ImportRecords.ImportResult>> user(@Valid @RequestBody ImportRecords.ImportedUser user) {
		return this.imports.user(user).map(InternalImportController::answer);
	}

	@PostMapping("/api-keys")
	Mono<ResponseEntity<ImportRecords.ImportResult>> apiKey(@Valid @RequestBody ImportRecords.ImportedApiKey key) {
		return this.imports.apiKey(key).map(InternalImportController::answer);
	}

	private static ResponseEntity<ImportRecords.ImportResult> answer(ImportRecords.ImportResult result) {
		return ResponseEntity.status(result.imported() ? HttpStatus.CREATED : HttpStatus.OK).body(result);
	}

}

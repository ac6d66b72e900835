package dev.konfig.print.imports;

import java.util.function.Supplier;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * 201 when the item was imported, 200 when it was already there (a second run), 409 when its id
 * belongs to something else, 400/422 when today's rules refuse it; nothing of a refused item
 * is written. With {@code dry_run=true} the same work runs and is rolled back. Only the service
 * client {@code importer} may call (other services have no business writing history).
 */
@RestController
@RequestMapping("/internal/import")
class ImportController {

	static final String IMPORTER = "importer";

	private final PrintImport imports;

	ImportController(PrintImport imports) {
		this.imports = imports;
	}

	@PostMapping("/printers")
	Mono<ResponseEntity<PrintImport.Result>> printer(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestBody JsonNode body,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return asImporter(principal, () -> this.imports.printer(body, dryRun));
	}

	@PostMapping("/canvas-configs")
	Mono<ResponseEntity<PrintImport.Result>> canvasConfig(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestBody JsonNode body,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return asImporter(principal, () -> this.imports.canvasConfig(body, dryRun));
	}

	@PostMapping("/print-jobs")
	Mono<ResponseEntity<PrintImport.Result>> job(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestBody JsonNode body,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return asImporter(principal, () -> this.imports.job(body, dryRun));
	}

	/** The importer's call: the caller is checked before the import is even assembled. */
	private static Mono<ResponseEntity<PrintImport.Result>> asImporter(KonfigPrincipal principal,
			Supplier<Mono<PrintImport.Result>> work) {
		return Mono.fromRunnable(() -> principal.requireService(IMPORTER))
			.then(Mono.defer(work))
			.map(ImportController::answer);
	}

	private static ResponseEntity<PrintImport.Result> answer(PrintImport.Result result) {
		return ResponseEntity.status(result.imported() ? HttpStatus.CREATED : HttpStatus.OK).body(result);
	}

}

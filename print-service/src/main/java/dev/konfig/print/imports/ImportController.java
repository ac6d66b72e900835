package dev.konfig.print.imports;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * 201 when the item was imported, 200 when it was already there (a second run), 409 when its id
 * belongs to something else, 400/422 when today's rules refuse it; nothing of a refused item
 * is written. With {@code dry_run=true} the same work runs and is rolled back.
 */
@RestController
@RequestMapping("/internal/import")
class ImportController {

	private final PrintImport imports;

	ImportController(PrintImport imports) {
		this.imports = imports;
	}

	@PostMapping("/printers")
	Mono<ResponseEntity<PrintImport.Result>> printer(@RequestBody JsonNode body,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return this.imports.printer(body, dryRun).map(ImportController::answer);
	}

	@PostMapping("/canvas-configs")
	Mono<ResponseEntity<PrintImport.Result>> canvasConfig(@RequestBody JsonNode body,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return this.imports.canvasConfig(body, dryRun).map(ImportController::answer);
	}

	@PostMapping("/print-jobs")
	Mono<ResponseEntity<PrintImport.Result>> job(@RequestBody JsonNode body,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return this.imports.job(body, dryRun).map(ImportController::answer);
	}

	private static ResponseEntity<PrintImport.Result> answer(PrintImport.Result result) {
		return ResponseEntity.status(result.imported() ? HttpStatus.CREATED : HttpStatus.OK).body(result);
	}

}

package dev.konfig.print.gang;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.print.job.JobRepository;
import dev.konfig.print.job.PrintConfigRules;
import dev.konfig.print.printer.Printer;
import dev.konfig.print.printer.PrinterRepository;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.PathIds;
import dev.konfig.print.system.PrintProblem;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Gang-sheet previews and layouts (GS-1, GS-10). */
@RestController
class GangSheetController {

	static final Set<String> PREVIEW_FIELDS = Set.of("printer_id", "canvas_config_id", "items", "print_config");

	private final GangPlanner planner;

	private final GangLayouts layouts;

	private final PrinterRepository printers;

	private final JobRepository jobs;

	private final JsonMapper json;

	GangSheetController(GangPlanner planner, GangLayouts layouts, PrinterRepository printers, JobRepository jobs,
			JsonMapper json) {
		this.planner = planner;
		this.layouts = layouts;
		this.printers = printers;
		this.jobs = jobs;
		this.json = json;
	}

	/** The shape of a preview, for the API document only. */
	record Preview(UUID printerId, UUID canvasConfigId, List<Map<String, Object>> items,
			Map<String, Object> printConfig) {
	}

	/** GS-1: the layout these items would get; nothing stored, no event. */
	@PostMapping("/api/v1/gang-sheets/preview")
	Mono<Map<String, Object>> preview(@AuthenticationPrincipal KonfigPrincipal principal,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = Preview.class))) @RequestBody JsonNode request) {
		return Mono.defer(() -> {
			UUID org = principal.requireOrganization();
			JsonBody body = JsonBody.of(request, PREVIEW_FIELDS);
			UUID printerId = body.uuid("printer_id", false);
			UUID canvasId = body.uuid("canvas_config_id", false);
			List<GangPlanner.ItemDraft> items = this.planner.items(body);
			PrintConfigRules.check(body, null, this.json);
			body.check();
			JsonNode config = body.present("print_config") ? body.value("print_config") : this.json.createObjectNode();
			Mono<Printer> printer = printerId == null ? this.printers.findDefault(org)
					: this.printers.find(org, printerId)
						.switchIfEmpty(Mono.error(() -> PrintProblem.unprocessable("printer_id",
								"is not a printer of the organization")));
			return printer.map(java.util.Optional::of)
				.defaultIfEmpty(java.util.Optional.empty())
				.flatMap(found -> {
					if (found.isPresent()) {
						// The print config's sheet sizes must fit the printer (PJ-6).
						JsonBody again = JsonBody.of(request, PREVIEW_FIELDS);
						PrintConfigRules.check(again, found.get(), this.json);
						again.check();
					}
					return this.planner.plan(principal, found.orElse(null), items, config, canvasId);
				})
				.map(GangPlanner.Plan::answer);
		});
	}

	@GetMapping("/api/v1/gang-sheets/layouts/{id}")
	Mono<Map<String, Object>> layout(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return Mono.defer(() -> this.layouts.find(principal.requireOrganization(), PathIds.of("layout", id)))
			.switchIfEmpty(Mono.error(() -> new NotFoundException("The layout was not found")));
	}

	/** The job's layout; a {@code print_files} job has none (404). */
	@GetMapping("/api/v1/print-jobs/{id}/layout")
	Mono<Map<String, Object>> jobLayout(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return Mono.defer(() -> {
			UUID org = principal.requireOrganization();
			UUID jobId = PathIds.of("print job", id);
			return this.jobs.find(org, jobId)
				.switchIfEmpty(Mono.error(() -> new NotFoundException("The print job was not found")))
				.flatMap(job -> this.layouts.forJob(org, job.id()))
				.switchIfEmpty(Mono.error(() -> new NotFoundException("The print job has no layout")));
		});
	}

}

package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

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
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.PathIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An organization's printers (spec §1.2). Single-printer answers carry {@code ETag: "<version>"};
 * reads answer 304 to a matching {@code If-None-Match}, writes take an optional {@code If-Match}.
 */
@RestController
@RequestMapping("/api/v1/printers")
class PrinterController {

	private static final Set<String> CAPABILITY_FIELDS = Set.of("width_inches", "height_inches", "template_id",
			"allow_rotation", "file_id");

	private final PrinterService printers;

	PrinterController(PrinterService printers) {
		this.printers = printers;
	}

	@PostMapping
	Mono<ResponseEntity<PrinterResponse>> create(@AuthenticationPrincipal KonfigPrincipal principal,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = PrinterBodies.Write.class))) @RequestBody JsonNode body) {
		return this.printers.create(principal, body)
			.map(created -> ResponseEntity.created(URI.create("/api/v1/printers/" + created.id()))
				.eTag(EntityTags.of(created.version()))
				.body(this.printers.response(created)));
	}

	@GetMapping
	Mono<Page<PrinterResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(name = "active_only", required = false) @Nullable String activeOnly,
			@RequestParam(name = "printer_type", required = false) @Nullable String type, PageRequest page) {
		return this.printers.list(principal, activeOnly, type, page).map(found -> found.map(this.printers::response));
	}

	@GetMapping({ "/default", "/default/get" })
	Mono<ResponseEntity<PrinterResponse>> defaultPrinter(@AuthenticationPrincipal KonfigPrincipal principal) {
		return this.printers.defaultPrinter(principal)
			.map(found -> ResponseEntity.ok().eTag(EntityTags.of(found.version())).body(this.printers.response(found)));
	}

	@GetMapping({ "/compatible", "/compatible/find" })
	Mono<Map<String, Object>> compatible(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam Map<String, String> query) {
		return Mono.fromCallable(() -> question(query(query, Set.of("width_inches", "height_inches", "template_id",
				"allow_rotation"))))
			.flatMap(question -> this.printers.compatible(principal, question))
			.map(items -> Map.of("items", items));
	}

	@GetMapping("/stats/summary")
	Mono<Map<String, Object>> stats(@AuthenticationPrincipal KonfigPrincipal principal) {
		return this.printers.stats(principal);
	}

	@GetMapping("/suggestions/config")
	Map<String, Object> suggestions() {
		return PrinterSuggestions.CONFIG;
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<PrinterResponse>> get(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id, @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return Mono.defer(() -> this.printers.get(principal, PathIds.of("printer", id))).map(found -> {
			if (EntityTags.matches(ifNoneMatch, found.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(EntityTags.of(found.version())).build();
			}
			return ResponseEntity.ok().eTag(EntityTags.of(found.version())).body(this.printers.response(found));
		});
	}

	@PatchMapping("/{id}")
	Mono<ResponseEntity<PrinterResponse>> update(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = PrinterBodies.Write.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return Mono.defer(() -> this.printers.update(principal, PathIds.of("printer", id), body, ifMatch))
			.map(updated -> ResponseEntity.ok().eTag(EntityTags.of(updated.version())).body(this.printers.response(updated)));
	}

	/** PUT has PATCH's partial semantics (the origin's frontend uses PUT). */
	@PutMapping("/{id}")
	Mono<ResponseEntity<PrinterResponse>> replace(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = PrinterBodies.Write.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return update(principal, id, body, ifMatch);
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return Mono.defer(() -> this.printers.delete(principal, PathIds.of("printer", id)))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping("/{id}/set-default")
	Mono<ResponseEntity<PrinterResponse>> setDefault(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id) {
		return Mono.defer(() -> this.printers.setDefault(principal, PathIds.of("printer", id)))
			.map(printer -> ResponseEntity.ok().eTag(EntityTags.of(printer.version())).body(this.printers.response(printer)));
	}

	@PostMapping("/{id}/pause")
	Mono<PrinterResponse> pause(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return Mono.defer(() -> this.printers.pause(principal, PathIds.of("printer", id), true)).map(this.printers::response);
	}

	@PostMapping("/{id}/resume")
	Mono<PrinterResponse> resume(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return Mono.defer(() -> this.printers.pause(principal, PathIds.of("printer", id), false))
			.map(this.printers::response);
	}

	@GetMapping("/{id}/capability")
	Mono<Capability.Answer> capability(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@RequestParam Map<String, String> query) {
		return Mono.defer(() -> {
			UUID printer = PathIds.of("printer", id);
			JsonBody body = query(query, CAPABILITY_FIELDS);
			Capability.Question question = question(body);
			return this.printers.capability(principal, printer, question, body.uuid("file_id", false));
		});
	}

	@PostMapping("/{id}/check-capability")
	Mono<Capability.Answer> checkCapability(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = PrinterBodies.CapabilityQuestion.class))) @RequestBody JsonNode request) {
		return Mono.defer(() -> {
			UUID printer = PathIds.of("printer", id);
			JsonBody body = JsonBody.of(request, CAPABILITY_FIELDS);
			Capability.Question question = question(body);
			return this.printers.capability(principal, printer, question, body.uuid("file_id", false));
		});
	}

	@GetMapping("/{id}/templates")
	Mono<Map<String, Object>> templates(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return Mono.defer(() -> this.printers.get(principal, PathIds.of("printer", id)))
			.map(printer -> java.util.Collections.singletonMap("supported_template_ids", printer.supportedTemplateIds()));
	}

	@PutMapping("/{id}/templates/{templateId}")
	Mono<Map<String, Object>> addTemplate(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@PathVariable String templateId) {
		return Mono.defer(() -> this.printers.template(principal, PathIds.of("printer", id), template(templateId), true))
			.map(printer -> java.util.Collections.singletonMap("supported_template_ids", printer.supportedTemplateIds()));
	}

	@DeleteMapping("/{id}/templates/{templateId}")
	Mono<ResponseEntity<Void>> removeTemplate(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id, @PathVariable String templateId) {
		return Mono
			.defer(() -> this.printers.template(principal, PathIds.of("printer", id), template(templateId), false))
			.thenReturn(ResponseEntity.noContent().build());
	}

	private static UUID template(String templateId) {
		try {
			return UUID.fromString(templateId);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("template_id must be a UUID",
					List.of(new FieldViolation("template_id", "must be a UUID")));
		}
	}

	/** Query parameters read with the body rules: numbers are numbers, booleans booleans. */
	private static JsonBody query(Map<String, String> query, Set<String> fields) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		query.forEach((name, value) -> {
			if (Set.of("width_inches", "height_inches").contains(name)) {
				try {
					node.put(name, new BigDecimal(value));
				}
				catch (NumberFormatException ex) {
					node.put(name, value);
				}
			}
			else if ("allow_rotation".equals(name) && ("true".equals(value) || "false".equals(value))) {
				node.put(name, Boolean.parseBoolean(value));
			}
			else {
				node.put(name, value);
			}
		});
		return JsonBody.of(node, fields);
	}

	private static Capability.Question question(JsonBody body) {
		BigDecimal width = body.inches("width_inches", BigDecimal.ZERO, false, PrinterService.MAX_INCHES, true);
		BigDecimal height = body.inches("height_inches", BigDecimal.ZERO, false, PrinterService.MAX_INCHES, true);
		UUID template = body.uuid("template_id", false);
		Boolean rotation = body.bool("allow_rotation");
		body.uuid("file_id", false);
		body.check();
		return new Capability.Question(width, height, template, Boolean.TRUE.equals(rotation), null);
	}

}

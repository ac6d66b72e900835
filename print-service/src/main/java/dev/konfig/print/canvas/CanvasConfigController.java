package dev.konfig.print.canvas;

import java.net.URI;
import java.util.Map;

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
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.print.system.PathIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Canvas configs (CC-2): ETags and optional {@code If-Match} as printers. */
@RestController
@RequestMapping("/api/v1/canvas-configs")
class CanvasConfigController {

	private final CanvasConfigService configs;

	CanvasConfigController(CanvasConfigService configs) {
		this.configs = configs;
	}

	@PostMapping
	Mono<ResponseEntity<CanvasConfig>> create(@AuthenticationPrincipal KonfigPrincipal principal,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = CanvasBodies.class))) @RequestBody JsonNode body) {
		return this.configs.create(principal, body)
			.map(created -> ResponseEntity.created(URI.create("/api/v1/canvas-configs/" + created.id()))
				.eTag(EntityTags.of(created.version()))
				.body(created.shown()));
	}

	@GetMapping
	Mono<Page<CanvasConfig>> list(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(name = "product_template_id", required = false) @Nullable String template,
			@RequestParam(name = "active_only", required = false) @Nullable String activeOnly, PageRequest page) {
		return this.configs.list(principal, template, activeOnly, page).map(found -> found.map(CanvasConfig::shown));
	}

	@GetMapping("/suggestions")
	Map<String, Object> suggestions() {
		return Map.of("dpi_suggestions", CanvasConfigService.dpiSuggestions());
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<CanvasConfig>> get(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return Mono.defer(() -> this.configs.get(principal, PathIds.of("canvas config", id))).map(found -> {
			if (EntityTags.matches(ifNoneMatch, found.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(EntityTags.of(found.version())).build();
			}
			return ResponseEntity.ok().eTag(EntityTags.of(found.version())).body(found.shown());
		});
	}

	@PatchMapping("/{id}")
	Mono<ResponseEntity<CanvasConfig>> update(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = CanvasBodies.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return Mono.defer(() -> this.configs.update(principal, PathIds.of("canvas config", id), body, ifMatch))
			.map(updated -> ResponseEntity.ok().eTag(EntityTags.of(updated.version())).body(updated.shown()));
	}

	@PutMapping("/{id}")
	Mono<ResponseEntity<CanvasConfig>> replace(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = CanvasBodies.class))) @RequestBody JsonNode body,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return update(principal, id, body, ifMatch);
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return Mono.defer(() -> this.configs.delete(principal, PathIds.of("canvas config", id)))
			.thenReturn(ResponseEntity.noContent().build());
	}

}

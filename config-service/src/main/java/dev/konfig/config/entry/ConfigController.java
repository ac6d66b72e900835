package dev.konfig.config.entry;

import java.net.URI;

import jakarta.validation.Valid;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

import dev.konfig.platform.outbox.IdempotencyKeys;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Mono;

/**
 * Configs of a namespace. Reads carry {@code ETag: "<version>"} and answer 304 to a matching
 * {@code If-None-Match}; updates, deletes and rollbacks take {@code If-Match} (412 when stale; without
 * it they apply to the current version, or answer 428 where the namespace sets {@code require_if_match}).
 */
@RestController
@RequestMapping("/api/v1/namespaces/{ns}/configs")
class ConfigController {

	private final ConfigService configs;

	ConfigController(ConfigService configs) {
		this.configs = configs;
	}

	@GetMapping
	Mono<Page<ConfigResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String ns,
			PageRequest page) {
		return Mono.defer(() -> this.configs.list(principal, ns, page));
	}

	@PostMapping
	Mono<ResponseEntity<ConfigResponse>> create(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String ns, @Valid @RequestBody ConfigRequests.Create request,
			@RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Nullable String idempotencyKey) {
		return Mono.defer(() -> this.configs.create(principal, ns, request, IdempotencyKeys.checked(idempotencyKey)))
			.map(created -> ResponseEntity
				.created(URI.create("/api/v1/namespaces/" + created.namespaceId() + "/configs/" + created.key()))
				.eTag(EntityTags.of(created.version()))
				.body(created));
	}

	@GetMapping("/{key}")
	Mono<ResponseEntity<ConfigResponse>> get(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String ns, @PathVariable String key,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return this.configs.get(principal, ns, key).map(config -> {
			if (EntityTags.matches(ifNoneMatch, config.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
					.eTag(EntityTags.of(config.version()))
					.<ConfigResponse>build();
			}
			return ResponseEntity.ok().eTag(EntityTags.of(config.version())).body(config);
		});
	}

	/** PUT and PATCH both change only the fields sent. */
	@PutMapping("/{key}")
	Mono<ResponseEntity<ConfigResponse>> update(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String ns, @PathVariable String key,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@Valid @RequestBody ConfigRequests.Update request) {
		return this.configs.update(principal, ns, key, ifMatch, request)
			.map(updated -> ResponseEntity.ok().eTag(EntityTags.of(updated.version())).body(updated));
	}

	@PatchMapping("/{key}")
	Mono<ResponseEntity<ConfigResponse>> patch(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String ns, @PathVariable String key,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@Valid @RequestBody ConfigRequests.Update request) {
		return update(principal, ns, key, ifMatch, request);
	}

	@DeleteMapping("/{key}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String ns,
			@PathVariable String key, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return this.configs.delete(principal, ns, key, ifMatch).thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping("/{key}/rollback")
	Mono<ResponseEntity<ConfigResponse>> rollback(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String ns, @PathVariable String key,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@Valid @RequestBody ConfigRequests.Rollback request) {
		return this.configs.rollback(principal, ns, key, ifMatch, request.version())
			.map(restored -> ResponseEntity.ok().eTag(EntityTags.of(restored.version())).body(restored));
	}

	@GetMapping("/{key}/history")
	Mono<Page<HistoryResponse>> history(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String ns,
			@PathVariable String key, PageRequest page) {
		return Mono.defer(() -> this.configs.history(principal, ns, key, page));
	}

	/** {@code to} defaults to the latest version. */
	@GetMapping("/{key}/diff")
	Mono<DiffResponse> diff(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String ns,
			@PathVariable String key, @RequestParam long from, @RequestParam(required = false) Long to) {
		return this.configs.diff(principal, ns, key, from, to);
	}

}

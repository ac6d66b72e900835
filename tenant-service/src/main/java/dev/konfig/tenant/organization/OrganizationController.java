package dev.konfig.tenant.organization;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Mono;

/** The caller's organizations. */
@RestController
@RequestMapping("/api/v1/organizations")
class OrganizationController {

	private final OrganizationService organizations;

	OrganizationController(OrganizationService organizations) {
		this.organizations = organizations;
	}

	@GetMapping
	Mono<Page<OrganizationResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal, PageRequest page) {
		return Mono.defer(() -> this.organizations.list(principal, page));
	}

	@GetMapping("/{id}")
	Mono<OrganizationResponse> get(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable UUID id) {
		return this.organizations.get(principal, id);
	}

	@PatchMapping("/{id}")
	Mono<OrganizationResponse> update(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable UUID id,
			@Valid @RequestBody UpdateOrganizationRequest request) {
		return this.organizations.update(principal, id, request);
	}

	/**
	 * Owners only, with {@code ?confirm=<the exact name>}; 204. The organization's name is free
	 * again at once.
	 */
	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable UUID id,
			@RequestParam(required = false) String confirm) {
		return this.organizations.delete(principal, id, confirm).thenReturn(ResponseEntity.noContent().build());
	}

	@GetMapping("/{id}/features")
	Mono<Features.Response> features(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable UUID id) {
		return this.organizations.features(principal, id);
	}

	@PatchMapping("/{id}/features")
	Mono<Features.Response> updateFeatures(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable UUID id,
			@RequestBody Features.Request request) {
		return this.organizations.updateFeatures(principal, id, request);
	}

	/** Only a person can own an organization, so API keys are refused (403). */
	@PostMapping
	Mono<ResponseEntity<OrganizationResponse>> create(@AuthenticationPrincipal KonfigPrincipal principal,
			@Valid @RequestBody CreateOrganizationRequest request) {
		return this.organizations.create(principal, request)
			.map(created -> ResponseEntity.created(URI.create("/api/v1/organizations/" + created.id())).body(created));
	}

}

package dev.konfig.tenant.organization;

import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * Service-to-service API (scope {@code internal}, never routed by the gateway): auth-service
 * creates an organization during registration and removes it again when registration fails;
 * the importer creates organizations brought from konfig, with their ids.
 */
@RestController
@RequestMapping("/internal/organizations")
class InternalOrganizationController {

	private final OrganizationService organizations;

	InternalOrganizationController(OrganizationService organizations) {
		this.organizations = organizations;
	}

	/**
	 * 201 when created; 200 with the existing organization for a retry of the same create. The
	 * importer's {@code dry_run=true} does the same work and rolls it back.
	 */
	@PostMapping
	Mono<ResponseEntity<OrganizationResponse>> create(@Valid @RequestBody InternalOrganizationRequest request,
			@RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
		return this.organizations.createInternal(request, dryRun)
			.map(creation -> ResponseEntity.status(creation.created() ? HttpStatus.CREATED : HttpStatus.OK)
				.body(creation.organization()));
	}

	@GetMapping("/{id}")
	Mono<OrganizationResponse> get(@PathVariable UUID id) {
		return this.organizations.getInternal(id);
	}

	/** Compensation must be repeatable, so deleting what is already gone succeeds too. */
	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable UUID id) {
		return this.organizations.deleteInternal(id);
	}

}

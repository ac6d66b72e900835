package dev.konfig.tenant.admin;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.tenant.admin.AdminRecords.LookupItem;
import dev.konfig.tenant.admin.AdminRecords.LookupRequest;
import dev.konfig.tenant.organization.OrganizationAdministration;
import reactor.core.publisher.Mono;

/**
 * {@code POST /internal/organizations/lookup {ids}} (scope {@code internal}): the names and
 * status of up to 500 organizations at once, for auth-service's admin users view. Unknown ids are
 * left out.
 */
@RestController
class InternalLookupController {

	private final OrganizationAdministration organizations;

	InternalLookupController(OrganizationAdministration organizations) {
		this.organizations = organizations;
	}

	@PostMapping("/internal/organizations/lookup")
	Mono<List<LookupItem>> lookup(@Valid @RequestBody LookupRequest request) {
		return this.organizations.lookup(request.ids())
			.map(organization -> new LookupItem(organization.id(), organization.name(),
					"active".equals(organization.status())))
			.collectList();
	}

}

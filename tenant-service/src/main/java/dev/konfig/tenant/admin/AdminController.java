package dev.konfig.tenant.admin;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.tenant.admin.AdminRecords.AdminOrganization;
import dev.konfig.tenant.admin.AdminRecords.AdminOrganizationDetails;
import dev.konfig.tenant.admin.AdminRecords.AdminOrganizationPatch;
import dev.konfig.tenant.admin.AdminRecords.Health;
import dev.konfig.tenant.admin.AdminRecords.Overview;
import reactor.core.publisher.Mono;

/**
 * The platform admin's organizations (list, details, switch, delete), overview and health (platform admins only, whatever
 * organization their token names; every other caller 403).
 */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

	private static final int MAX_QUERY_LENGTH = 255;

	private final AdminOrganizationService organizations;

	private final AdminOverviewService overview;

	AdminController(AdminOrganizationService organizations, AdminOverviewService overview) {
		this.organizations = organizations;
		this.overview = overview;
	}

	@GetMapping("/organizations")
	Mono<Page<AdminOrganization>> organizations(@AuthenticationPrincipal KonfigPrincipal caller,
			@RequestParam(required = false) String q, @RequestParam(required = false) String status,
			PageRequest page) {
		return Mono.defer(() -> {
			caller.requirePlatformAdmin();
			return this.organizations.list(caller, query(q), active(status), page);
		});
	}

	@GetMapping("/organizations/{id}")
	Mono<AdminOrganizationDetails> organization(@AuthenticationPrincipal KonfigPrincipal caller,
			@PathVariable UUID id) {
		return Mono.defer(() -> this.organizations.get(caller, id));
	}

	/** PATCH and PUT both change only what is sent, as everywhere in the suite. */
	@RequestMapping(path = "/organizations/{id}", method = { RequestMethod.PATCH, RequestMethod.PUT })
	Mono<AdminOrganizationDetails> update(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id,
			@RequestBody AdminOrganizationPatch patch) {
		return Mono.defer(() -> {
			caller.requirePlatformAdmin();
			if (patch.isActive() == null) {
				throw invalid("is_active", "must be true or false");
			}
			return this.organizations.setActive(caller, id, patch.isActive());
		});
	}

	/**
	 * Deletes the organization as its owner could (spec §6 without the membership), with
	 * {@code ?confirm=<the exact name>}; 204.
	 */
	@DeleteMapping("/organizations/{id}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id,
			@RequestParam(required = false) String confirm) {
		return Mono.defer(() -> this.organizations.delete(caller, id, confirm))
			.thenReturn(ResponseEntity.noContent().build());
	}

	@GetMapping("/overview")
	Mono<Overview> overview(@AuthenticationPrincipal KonfigPrincipal caller) {
		return Mono.defer(() -> this.overview.overview(caller));
	}

	@GetMapping("/health")
	Mono<Health> health(@AuthenticationPrincipal KonfigPrincipal caller) {
		return Mono.defer(() -> this.overview.health(caller));
	}

	private static String query(String q) {
		if (q == null || q.isBlank()) {
			return null;
		}
		if (q.length() > MAX_QUERY_LENGTH) {
			throw invalid("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
		}
		return q.trim();
	}

	/** {@code active}, {@code inactive} or {@code all} (the default). */
	private static Boolean active(String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		return switch (status.trim().toLowerCase(Locale.ROOT)) {
			case "active" -> Boolean.TRUE;
			case "inactive" -> Boolean.FALSE;
			case "all" -> null;
			default -> throw invalid("status", "must be active, inactive or all");
		};
	}

	private static BadRequestException invalid(String field, String message) {
		return new BadRequestException("The " + field + " parameter " + message,
				List.of(new FieldViolation(field, message)));
	}

}

package dev.konfig.auth.admin;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.auth.admin.AdminUserRecords.AdminUserPatch;
import dev.konfig.auth.admin.AdminUserRecords.AdminUserResponse;
import dev.konfig.auth.admin.AdminUserRecords.Status;
import dev.konfig.auth.admin.AdminUserRecords.UserFilter;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;

/** Platform administration of users (platform admins only; every other caller 403). */
@RestController
@RequestMapping("/api/v1/admin/users")
class AdminUserController {

	private static final int MAX_QUERY_LENGTH = 200;

	private final AdminUserService users;

	AdminUserController(AdminUserService users) {
		this.users = users;
	}

	@GetMapping
	Mono<Page<AdminUserResponse>> list(@AuthenticationPrincipal KonfigPrincipal caller,
			@RequestParam(required = false) String q,
			@RequestParam(name = "organization_id", required = false) String organizationId,
			@RequestParam(required = false) String status,
			@RequestParam(name = "platform_admin", required = false) String platformAdmin, PageRequest page) {
		return Mono.defer(() -> {
			caller.requirePlatformAdmin();
			return this.users.list(caller, new UserFilter(query(q), uuid("organization_id", organizationId),
					status(status), bool("platform_admin", platformAdmin)), page);
		});
	}

	/** PATCH and PUT both change only what is sent, as everywhere in the suite. */
	@RequestMapping(path = "/{id}", method = { RequestMethod.PATCH, RequestMethod.PUT })
	Mono<AdminUserResponse> update(@AuthenticationPrincipal KonfigPrincipal caller, @PathVariable UUID id,
			@RequestBody AdminUserPatch patch) {
		return Mono.defer(() -> this.users.update(caller, id, patch));
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

	static UUID uuid(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return UUID.fromString(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, "must be a UUID");
		}
	}

	private static Status status(String value) {
		if (value == null || value.isBlank()) {
			return Status.ALL;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "active" -> Status.ACTIVE;
			case "suspended" -> Status.SUSPENDED;
			case "all" -> Status.ALL;
			default -> throw invalid("status", "must be active, suspended or all");
		};
	}

	private static Boolean bool(String field, String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return switch (value.trim()) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			default -> throw invalid(field, "must be true or false");
		};
	}

	private static BadRequestException invalid(String field, String message) {
		return new BadRequestException("The " + field + " parameter " + message,
				List.of(new FieldViolation(field, message)));
	}

}

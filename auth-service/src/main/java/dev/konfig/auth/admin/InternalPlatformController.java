package dev.konfig.auth.admin;

import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.auth.admin.AdminUserRecords.PlatformAdminAnswer;
import dev.konfig.auth.admin.AdminUserRecords.UsageTotals;
import dev.konfig.platform.web.NotFoundException;

/**
 * What other services' admin endpoints ask auth-service (scope {@code internal}): whether a user
 * is a platform admin now (every admin write re-reads it), and the user totals of the overview.
 */
@RestController
class InternalPlatformController {

	private final AdminUserStore store;

	InternalPlatformController(AdminUserStore store) {
		this.store = store;
	}

	/** {@code is_platform_admin} is true only for a flagged user who is not suspended. */
	@GetMapping("/internal/users/{id}/platform-admin")
	Mono<PlatformAdminAnswer> platformAdmin(@PathVariable UUID id) {
		return this.store.find(id)
			.map(user -> new PlatformAdminAnswer(user.id(), user.platformAdmin() && user.suspendedAt() == null,
					user.suspendedAt() != null))
			.switchIfEmpty(Mono.error(() -> new NotFoundException("User not found")));
	}

	@GetMapping("/internal/usage/totals")
	Mono<UsageTotals> totals() {
		return this.store.totals().map(UsageTotals::new);
	}

}

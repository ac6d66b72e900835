package dev.konfig.auth.member;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Member counts of several organizations at once, for tenant-service's statistics (scope
 * {@code internal}). An organization auth-service has no rows for answers zeros, so the caller
 * cannot tell it apart from an empty one and need not care.
 */
@RestController
class InternalUsageController {

	static final int MAX_ORGANIZATIONS = 100;

	private final DatabaseClient db;

	InternalUsageController(DatabaseClient db) {
		this.db = db;
	}

	@PostMapping("/internal/usage")
	Mono<UsageResponse> usage(@Valid @RequestBody UsageRequest request) {
		List<UUID> ids = List.copyOf(new LinkedHashSet<>(request.organizationIds()));
		if (ids.isEmpty()) {
			return Mono.just(new UsageResponse(List.of()));
		}
		UUID[] array = ids.toArray(UUID[]::new);
		Mono<Map<UUID, Counts>> members = this.db
			.sql("select organization_id, count(*) as total, count(*) filter (where is_active) as active, "
					+ "count(*) filter (where role = 'owner') as owners, count(*) filter (where role = 'admin') as admins, "
					+ "count(*) filter (where role = 'member') as members "
					+ "from memberships where organization_id = any(:ids) group by organization_id")
			.bind("ids", array)
			.map(row -> new Counts(row.get("organization_id", UUID.class), row.get("total", Long.class),
					row.get("active", Long.class), row.get("owners", Long.class), row.get("admins", Long.class),
					row.get("members", Long.class)))
			.all()
			.collectMap(Counts::organizationId);
		Mono<Map<UUID, Long>> pending = this.db
			.sql("select organization_id, count(*) as pending from invitations where organization_id = any(:ids) "
					+ "and accepted_at is null and revoked_at is null and expires_at > now() group by organization_id")
			.bind("ids", array)
			.map(row -> Map.entry(row.get("organization_id", UUID.class), row.get("pending", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
		return Mono.zip(members, pending)
			.map(found -> new UsageResponse(ids.stream().map(id -> {
				Counts counts = found.getT1().getOrDefault(id, Counts.none(id));
				return new OrganizationUsage(id, new MemberUsage(counts.total(), counts.active(),
						new ByRole(counts.owners(), counts.admins(), counts.members()),
						found.getT2().getOrDefault(id, 0L)));
			}).toList()));
	}

	record UsageRequest(@NotNull @Size(max = MAX_ORGANIZATIONS) List<@NotNull UUID> organizationIds) {
	}

	record UsageResponse(List<OrganizationUsage> items) {
	}

	record OrganizationUsage(UUID organizationId, MemberUsage members) {
	}

	record MemberUsage(long total, long active, ByRole byRole, long pendingInvitations) {
	}

	record ByRole(long owner, long admin, long member) {
	}

	private record Counts(UUID organizationId, long total, long active, long owners, long admins, long members) {

		static Counts none(UUID id) {
			return new Counts(id, 0, 0, 0, 0, 0);
		}

	}

}

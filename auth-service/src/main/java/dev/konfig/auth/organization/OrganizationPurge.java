package dev.konfig.auth.organization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;

/**
 * Forgets a deleted organization: its refresh tokens, API keys, invitations and memberships, then
 * the users it leaves without any membership (as the seed's {@code ON DELETE CASCADE} from
 * organizations to users did). Runs in the transaction that applies {@code organization.deleted},
 * so the purge and the record of the event commit together; running it again finds nothing and
 * changes nothing.
 */
@Component
class OrganizationPurge {

	/** auth-service acts on its own here, prompted by tenant-service's event. */
	static final AuditEvent.Actor ACTOR = new AuditEvent.Actor("auth-service", "service");

	private final DatabaseClient db;

	private final Outbox outbox;

	OrganizationPurge(DatabaseClient db, Outbox outbox) {
		this.db = db;
		this.outbox = outbox;
	}

	/**
	 * Purges the organization's rows and, when there were any (or {@code always}), appends one
	 * {@code memberships.purged} event with the counts.
	 */
	Mono<Map<String, Long>> purge(UUID organizationId, boolean always) {
		Map<String, Long> counts = new LinkedHashMap<>();
		return count("delete from refresh_tokens where organization_id = :org", organizationId)
			.doOnNext(n -> counts.put("refresh_tokens", n))
			.then(count("delete from api_keys where organization_id = :org", organizationId))
			.doOnNext(n -> counts.put("api_keys", n))
			.then(count("delete from invitations where organization_id = :org", organizationId))
			.doOnNext(n -> counts.put("invitations", n))
			.then(this.db.sql("delete from memberships where organization_id = :org returning user_id")
				.bind("org", organizationId)
				.map(row -> row.get("user_id", UUID.class))
				.all()
				.collectList())
			.flatMap(members -> {
				counts.put("memberships", (long) members.size());
				return deleteUsersLeftWithout(members);
			})
			.doOnNext(n -> counts.put("users", n))
			.flatMap(users -> (always || counts.values().stream().anyMatch(n -> n > 0))
					? this.outbox.append(AuditEvent
						.of(organizationId, "memberships.purged", "organization", organizationId, AuditEvent.SUCCESS,
								Map.copyOf(counts))
						.withActor(ACTOR)).thenReturn(counts)
					: Mono.just(counts));
	}

	private Mono<Long> deleteUsersLeftWithout(List<UUID> formerMembers) {
		if (formerMembers.isEmpty()) {
			return Mono.just(0L);
		}
		return this.db
			.sql("delete from users u where u.id = any(:ids) "
					+ "and not exists (select 1 from memberships m where m.user_id = u.id)")
			.bind("ids", formerMembers.toArray(UUID[]::new))
			.fetch()
			.rowsUpdated();
	}

	private Mono<Long> count(String sql, UUID organizationId) {
		return this.db.sql(sql).bind("org", organizationId).fetch().rowsUpdated();
	}

}

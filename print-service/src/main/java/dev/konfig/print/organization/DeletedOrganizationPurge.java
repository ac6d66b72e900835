package dev.konfig.print.organization;

import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.OrganizationPurge;
import dev.konfig.platform.outbox.Outbox;
import reactor.core.publisher.Mono;

/**
 * XS-4: forgets a deleted organization's printers, canvas configs, jobs, their history, agents
 * and idempotency keys in the event's transaction, with one {@code printers.purged} event
 * counting what went. The history is append-only; the purge alone may delete it, by saying so
 * for its own transaction.
 */
@Component
class DeletedOrganizationPurge extends OrganizationPurge {

	private final DatabaseClient db;

	DeletedOrganizationPurge(DatabaseClient db, Outbox outbox) {
		super("print-service", "printers.purged", outbox);
		this.db = db;
	}

	@Override
	protected Mono<Void> purge(UUID organizationId, Map<String, Object> counts) {
		return this.db.sql("SELECT set_config('print.purging', 'on', true)")
			.then()
			.then(delete("print_job_history", organizationId))
			.doOnNext(n -> counts.put("history_entries", n))
			.then(delete("gang_sheet_layouts", organizationId))
			.doOnNext(n -> counts.put("gang_sheet_layouts", n))
			.then(delete("print_jobs", organizationId))
			.doOnNext(n -> counts.put("print_jobs", n))
			.then(delete("print_agents", organizationId))
			.doOnNext(n -> counts.put("print_agents", n))
			.then(delete("canvas_configs", organizationId))
			.doOnNext(n -> counts.put("canvas_configs", n))
			.then(delete("printers", organizationId))
			.doOnNext(n -> counts.put("printers", n))
			.then(delete("idempotency_keys", organizationId))
			.then(this.db.sql("SELECT set_config('print.purging', 'off', true)").then());
	}

	private Mono<Long> delete(String table, UUID organizationId) {
		return this.db.sql("DELETE FROM " + table + " WHERE organization_id = :org")
			.bind("org", organizationId)
			.fetch()
			.rowsUpdated();
	}

}

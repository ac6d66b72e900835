package dev.konfig.config.namespace;

import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.config.history.ConfigHistory;
import dev.konfig.platform.outbox.OrganizationPurge;
import dev.konfig.platform.outbox.Outbox;
import reactor.core.publisher.Mono;

/**
 * Forgets a deleted organization (tenant-service's {@code organization.deleted}): its namespaces,
 * configs, config history and idempotency keys go in the event's transaction, with one {@code namespaces.purged}
 * event counting what went. Nothing is lost while this service is down: the event waits in
 * tenant-service's outbox.
 */
@Component
class DeletedOrganizationPurge extends OrganizationPurge {

	private final DatabaseClient db;

	private final ConfigHistory history;

	DeletedOrganizationPurge(DatabaseClient db, Outbox outbox, ConfigHistory history) {
		super("config-service", "namespaces.purged", outbox);
		this.db = db;
		this.history = history;
	}

	@Override
	protected Mono<Void> purge(UUID organizationId, Map<String, Object> counts) {
		// Announced first (delivered on commit), so every replica drops what it keeps of them.
		// History next: it has no foreign key and would otherwise outlive the namespaces.
		return this.history.announceOrganization(organizationId)
			.then(delete("config_history", organizationId))
			.doOnNext(n -> counts.put("history_entries", n))
			.then(delete("configs", organizationId))
			.doOnNext(n -> counts.put("configs", n))
			.then(delete("namespaces", organizationId))
			.doOnNext(n -> counts.put("namespaces", n))
			.then(delete("idempotency_keys", organizationId))
			.then();
	}

	private Mono<Long> delete(String table, UUID organizationId) {
		return this.db.sql("DELETE FROM " + table + " WHERE organization_id = :org")
			.bind("org", organizationId)
			.fetch()
			.rowsUpdated();
	}

}

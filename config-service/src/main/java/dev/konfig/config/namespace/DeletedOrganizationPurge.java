package dev.konfig.config.namespace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.config.history.ConfigHistory;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.EventHandler;
import dev.konfig.platform.outbox.Outbox;
import reactor.core.publisher.Mono;

/**
 * Forgets a deleted organization (tenant-service's {@code organization.deleted}): its namespaces,
 * configs and config history go in the event's transaction, with one {@code namespaces.purged}
 * event counting what went. The platform applies each event once; applying it again would find
 * nothing to delete, so a replay is harmless either way. Nothing is lost while this service is
 * down: the event waits in tenant-service's outbox.
 */
@Component
class DeletedOrganizationPurge implements EventHandler {

	private static final Logger log = LoggerFactory.getLogger(DeletedOrganizationPurge.class);

	private static final AuditEvent.Actor SELF = new AuditEvent.Actor("config-service", "service");

	private final DatabaseClient db;

	private final Outbox outbox;

	private final ConfigHistory history;

	DeletedOrganizationPurge(DatabaseClient db, Outbox outbox, ConfigHistory history) {
		this.db = db;
		this.outbox = outbox;
		this.history = history;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of("organization.deleted");
	}

	@Override
	public Mono<Void> apply(AuditEvent event) {
		UUID organizationId = event.organizationId();
		if (organizationId == null) {
			return Mono.empty();
		}
		Map<String, Object> counts = new LinkedHashMap<>();
		// Announced first (delivered on commit), so every replica drops what it keeps of them.
		// History next: it has no foreign key and would otherwise outlive the namespaces.
		return this.history.announceOrganization(organizationId)
			.then(delete("config_history", organizationId))
			.doOnNext(n -> counts.put("history_entries", n))
			.then(delete("configs", organizationId))
			.doOnNext(n -> counts.put("configs", n))
			.then(delete("namespaces", organizationId))
			.doOnNext(n -> counts.put("namespaces", n))
			.then(Mono.defer(() -> {
				log.info("Organization {} deleted: purged {}", organizationId, counts);
				Map<String, Object> data = new LinkedHashMap<>(counts);
				data.put("organization_event_id", event.id().toString());
				return this.outbox.appendFromRequest(AuditEvent
					.of(organizationId, "namespaces.purged", "organization", organizationId, AuditEvent.SUCCESS, data)
					.withActor(SELF));
			}));
	}

	private Mono<Long> delete(String table, UUID organizationId) {
		return this.db.sql("DELETE FROM " + table + " WHERE organization_id = :org")
			.bind("org", organizationId)
			.fetch()
			.rowsUpdated();
	}

}

package dev.konfig.file.organization;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.file.file.FileEvents;
import dev.konfig.file.file.FileRepository;
import dev.konfig.file.file.OrganizationUsage;
import dev.konfig.file.storage.BlobStore;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.EventHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Forgets a deleted organization (tenant-service's {@code organization.deleted}, FS-20): its rows,
 * its usage row and its directory under the storage root, with one {@code files.purged} event
 * counting what went. The platform applies each event once; a replay finds nothing left, so it
 * is harmless. The directory goes inside the event's transaction: if it cannot be removed, the
 * rows stay too and the event comes again.
 */
@Component
class DeletedOrganizationPurge implements EventHandler {

	private static final Logger log = LoggerFactory.getLogger(DeletedOrganizationPurge.class);

	private static final AuditEvent.Actor SELF = new AuditEvent.Actor("file-service", "service");

	private final DatabaseClient db;

	private final FileRepository files;

	private final OrganizationUsage usage;

	private final BlobStore store;

	private final FileEvents events;

	DeletedOrganizationPurge(DatabaseClient db, FileRepository files, OrganizationUsage usage, BlobStore store,
			FileEvents events) {
		this.db = db;
		this.files = files;
		this.usage = usage;
		this.store = store;
		this.events = events;
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
		return uploadsInFlight(organizationId).collectList()
			.flatMap(uploads -> this.usage.of(organizationId)
				.doOnNext(figures -> counts.put("bytes", figures.usedBytes()))
				.then(this.files.deleteOrganization(organizationId))
				.doOnNext(rows -> counts.put("files", rows))
				.then(this.usage.delete(organizationId))
				.then(Flux.fromIterable(uploads).concatMap(this.store::deleteTemp).then())
				.then(this.store.deleteTree(this.store.organizationDirectory(organizationId)))
				.doOnNext(blobs -> counts.put("blobs_removed", blobs)))
			.then(Mono.defer(() -> {
				log.info("Organization {} deleted: purged its files {}", organizationId, counts);
				Map<String, Object> data = new LinkedHashMap<>(counts);
				data.put("organization_event_id", event.id().toString());
				return this.events.append(AuditEvent
					.of(organizationId, "files.purged", "organization", organizationId, AuditEvent.SUCCESS, data)
					.withActor(SELF));
			}));
	}

	private Flux<UUID> uploadsInFlight(UUID organizationId) {
		return this.db.sql("SELECT id FROM files WHERE organization_id = :org AND status = 'uploading'")
			.bind("org", organizationId)
			.map((row, meta) -> row.get("id", UUID.class))
			.all();
	}

}

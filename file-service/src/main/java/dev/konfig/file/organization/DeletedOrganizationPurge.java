package dev.konfig.file.organization;

import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.file.file.FileRepository;
import dev.konfig.file.file.OrganizationUsage;
import dev.konfig.file.storage.BlobStore;
import dev.konfig.platform.outbox.OrganizationPurge;
import dev.konfig.platform.outbox.Outbox;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Forgets a deleted organization (tenant-service's {@code organization.deleted}, FS-20): its rows,
 * its usage row and its directory under the storage root, with one {@code files.purged} event
 * counting what went. The directory goes inside the event's transaction: if it cannot be removed,
 * the rows stay too and the event comes again.
 */
@Component
class DeletedOrganizationPurge extends OrganizationPurge {

	private final DatabaseClient db;

	private final FileRepository files;

	private final OrganizationUsage usage;

	private final BlobStore store;

	DeletedOrganizationPurge(DatabaseClient db, FileRepository files, OrganizationUsage usage, BlobStore store,
			Outbox outbox) {
		super("file-service", "files.purged", outbox);
		this.db = db;
		this.files = files;
		this.usage = usage;
		this.store = store;
	}

	@Override
	protected Mono<Void> purge(UUID organizationId, Map<String, Object> counts) {
		return uploadsInFlight(organizationId).collectList()
			.flatMap(uploads -> this.usage.of(organizationId)
				.doOnNext(figures -> counts.put("bytes", figures.usedBytes()))
				.then(this.files.deleteOrganization(organizationId))
				.doOnNext(rows -> counts.put("files", rows))
				.then(this.usage.delete(organizationId))
				.then(Flux.fromIterable(uploads).concatMap(this.store::deleteTemp).then())
				.then(this.store.deleteTree(this.store.organizationDirectory(organizationId)))
				.doOnNext(blobs -> counts.put("blobs_removed", blobs)))
			.then();
	}

	private Flux<UUID> uploadsInFlight(UUID organizationId) {
		return this.db.sql("SELECT id FROM files WHERE organization_id = :org AND status = 'uploading'")
			.bind("org", organizationId)
			.map((row, meta) -> row.get("id", UUID.class))
			.all();
	}

}

package dev.konfig.file.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.file.file.FileEvents;
import dev.konfig.file.file.OrganizationUsage;
import dev.konfig.file.file.StoredFile;
import dev.konfig.file.storage.BlobStore;
import dev.konfig.file.system.FileProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The storage's housekeeping, each run in one transaction that first takes a PostgreSQL
 * advisory lock, so one replica at a time does it:
 * <ul>
 * <li>every {@code sweep-interval} (FS-18): uploads without progress for
 * {@code upload-stale-after}, and resumable sessions past their expiry, become {@code failed}
 * ({@code upload abandoned}) with their reservation released and their temporary file removed;
 * temporary files older than a day, or of no upload in flight, are removed; failed rows older
 * than {@code failed-retention} are deleted;</li>
 * <li>every {@code orphan-sweep-interval} (FS-19): blobs without a row (older than an hour, so a
 * move in flight is safe) are removed, and rows whose blob is missing are reported (log and the
 * {@code konfig.files.missing} gauge), never deleted.</li>
 * </ul>
 */
@Component
public class StorageSweep {

	private static final Logger log = LoggerFactory.getLogger(StorageSweep.class);

	private static final long UPLOAD_LOCK = 0x6b6f6e666967L;

	private static final long ORPHAN_LOCK = 0x6b6f6e66696aL;

	/** Temporary files older than this go, whatever they belong to. */
	static final Duration TEMP_MAX_AGE = Duration.ofHours(24);

	/** Blobs and temporary files younger than this are never touched (moves in flight). */
	static final Duration GRACE = Duration.ofHours(1);

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final OrganizationUsage usage;

	private final FileEvents events;

	private final BlobStore store;

	private final FileProperties properties;

	private final AtomicLong missing = new AtomicLong();

	StorageSweep(DatabaseClient db, TransactionalOperator transaction, OrganizationUsage usage, FileEvents events,
			BlobStore store, FileProperties properties, ObjectProvider<MeterRegistry> meters) {
		this.db = db;
		this.transaction = transaction;
		this.usage = usage;
		this.events = events;
		this.store = store;
		this.properties = properties;
		meters.ifAvailable(registry -> registry.gauge("konfig.files.missing", this.missing));
	}

	@Scheduled(initialDelayString = "${konfig.file.sweep-interval:5m}", fixedDelayString = "${konfig.file.sweep-interval:5m}")
	Mono<Void> scheduledUploadSweep() {
		return sweepUploads().onErrorResume(ex -> {
			log.warn("The upload sweep failed; it runs again later: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

	@Scheduled(initialDelayString = "${konfig.file.orphan-sweep-interval:24h}",
			fixedDelayString = "${konfig.file.orphan-sweep-interval:24h}")
	Mono<Void> scheduledOrphanSweep() {
		return sweepOrphans().onErrorResume(ex -> {
			log.warn("The orphan sweep failed; it runs again later: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

	/** FS-18 once; how many uploads were abandoned ({@code -1}: another replica holds the lock). */
	public Mono<Long> sweepUploads() {
		return locked(UPLOAD_LOCK, abandonStale().flatMap(abandoned -> removeOldFailed().thenReturn(abandoned)))
			.flatMap(abandoned -> (abandoned < 0) ? Mono.just(abandoned) : removeOldTemp().thenReturn(abandoned));
	}

	/** FS-19 once; how many orphan blobs were removed ({@code -1}: another replica holds the lock). */
	public Mono<Long> sweepOrphans() {
		return locked(ORPHAN_LOCK, removeOrphans().flatMap(removed -> reportMissing().thenReturn(removed)));
	}

	/** Rows whose blob was missing at the last orphan sweep. */
	public long missingBlobs() {
		return this.missing.get();
	}

	private Mono<Long> locked(long key, Mono<Long> work) {
		return this.db.sql("SELECT pg_try_advisory_xact_lock(:key) AS locked")
			.bind("key", key)
			.map((row, meta) -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
			.one()
			.flatMap(locked -> locked ? work : Mono.just(-1L))
			.as(this.transaction::transactional);
	}

	private Mono<Long> abandonStale() {
		Instant staleBefore = Instant.now().minus(this.properties.uploadStaleAfter());
		return this.db
			.sql("WITH stale AS (SELECT id, reserved_bytes FROM files WHERE status = 'uploading' AND "
					+ "((NOT resumable AND updated_at < :stale) OR (resumable AND upload_expires_at < now())) "
					+ "LIMIT 1000 FOR UPDATE SKIP LOCKED) "
					+ "UPDATE files f SET status = 'failed', error = 'upload abandoned', reserved_bytes = 0, "
					+ "upload_expires_at = NULL, updated_at = now() FROM stale WHERE f.id = stale.id "
					+ "RETURNING stale.reserved_bytes AS held, " + prefixed("f"))
			.bind("stale", staleBefore.atOffset(java.time.ZoneOffset.UTC))
			.map((row, meta) -> new Abandoned(StoredFile.of(row), row.get("held", Long.class)))
			.all()
			// Read every row before the next statement: one connection runs one statement at a time,
			// so statements issued while this result still streams would wait on it for ever.
			.collectList()
			.flatMapIterable(abandoned -> abandoned)
			.concatMap(abandoned -> this.usage.release(abandoned.file().organizationId(), abandoned.held())
				.then(this.events.uploadFailed(abandoned.file(), "upload abandoned"))
				.then(this.store.deleteTemp(abandoned.file().id()))
				.thenReturn(abandoned))
			.count()
			.doOnNext(count -> {
				if (count > 0) {
					log.info("Upload sweep: {} abandoned uploads failed and released", count);
				}
			});
	}

	private Mono<Long> removeOldFailed() {
		Instant before = Instant.now().minus(this.properties.failedRetention());
		return this.db.sql("DELETE FROM files WHERE status = 'failed' AND updated_at < :before")
			.bind("before", before.atOffset(java.time.ZoneOffset.UTC))
			.fetch()
			.rowsUpdated();
	}

	/** Temporary files older than a day, or past the grace with no upload in flight. */
	private Mono<Void> removeOldTemp() {
		return Mono.fromCallable(() -> {
			List<BlobStore.Stored> temps = new ArrayList<>();
			this.store.visitTemp(temps::add);
			return temps;
		}).subscribeOn(BlobStore.io()).flatMap(temps -> {
			Instant now = Instant.now();
			List<UUID> candidates = new ArrayList<>();
			for (BlobStore.Stored temp : temps) {
				if (temp.modifiedAt().isBefore(now.minus(TEMP_MAX_AGE))) {
					this.store.deleteTempNamed(temp.key());
				}
				else if (temp.modifiedAt().isBefore(now.minus(GRACE))) {
					uuid(temp.key()).ifPresent(candidates::add);
				}
			}
			if (candidates.isEmpty()) {
				return Mono.empty();
			}
			return this.db.sql("SELECT id FROM files WHERE id = ANY(:ids) AND status = 'uploading'")
				.bind("ids", candidates.toArray(UUID[]::new))
				.map((row, meta) -> row.get("id", UUID.class))
				.all()
				.collectList()
				.flatMap(inFlight -> Mono.fromRunnable(() -> candidates.stream()
					.filter(id -> !inFlight.contains(id))
					.forEach(id -> this.store.deleteTempNamed(id.toString())))
					.subscribeOn(BlobStore.io()))
				.then();
		});
	}

	private Mono<Long> removeOrphans() {
		Instant youngest = Instant.now().minus(GRACE);
		return Mono.fromCallable(() -> {
			List<String> keys = new ArrayList<>();
			try {
				this.store.visitStored(stored -> {
					if (stored.modifiedAt().isBefore(youngest)) {
						keys.add(stored.key());
					}
				});
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return keys;
		}).subscribeOn(BlobStore.io()).flatMapMany(keys -> Flux.fromIterable(keys).buffer(500)).concatMap(batch -> this.db
			.sql("SELECT file_path FROM files WHERE file_path = ANY(:paths)")
			.bind("paths", batch.toArray(String[]::new))
			.map((row, meta) -> row.get("file_path", String.class))
			.all()
			.collect(HashSet<String>::new, Set::add)
			.flatMapMany(known -> Flux.fromIterable(batch).filter(key -> !known.contains(key))))
			.concatMap(orphan -> this.store.delete(orphan).doOnNext(removed -> {
				if (removed) {
					log.warn("Orphan sweep: removed blob {} which no file row names", orphan);
				}
			}))
			.filter(Boolean::booleanValue)
			.count();
	}

	private Mono<Void> reportMissing() {
		return this.db
			.sql("SELECT id, organization_id, file_path FROM files WHERE status IN ('ready', 'processing', 'archived')")
			.map((row, meta) -> new String[] { row.get("id", UUID.class).toString(),
					row.get("organization_id", UUID.class).toString(), row.get("file_path", String.class) })
			.all()
			.publishOn(reactor.core.scheduler.Schedulers.boundedElastic())
			.filter(row -> !this.store.exists(row[2]))
			.doOnNext(row -> log.error("Orphan sweep: the content of file {} (organization {}) is missing", row[0],
					row[1]))
			.count()
			.doOnNext(this.missing::set)
			.then();
	}

	private static java.util.Optional<UUID> uuid(String name) {
		try {
			return java.util.Optional.of(UUID.fromString(name));
		}
		catch (IllegalArgumentException ex) {
			return java.util.Optional.empty();
		}
	}

	private static String prefixed(String alias) {
		StringBuilder columns = new StringBuilder();
		for (String column : StoredFile.COLUMNS.split(",\\s*")) {
			if (columns.length() > 0) {
				columns.append(", ");
			}
			columns.append(alias).append('.').append(column);
		}
		return columns.toString();
	}

	private record Abandoned(StoredFile file, long held) {
	}

}

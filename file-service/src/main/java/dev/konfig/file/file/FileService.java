package dev.konfig.file.file;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.file.storage.BlobStore;
import dev.konfig.file.system.FileProblem;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.PreconditionFailedException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What callers may do with their organization's files once stored: find, read, rename and
 * annotate (FS-10, FS-11), archive and restore (FS-9), delete for good (admins), and the stats
 * (FS-16). Every query names the caller's organization; anything else answers 404.
 */
@Service
public class FileService {

	private static final Logger log = LoggerFactory.getLogger(FileService.class);

	/** Most ids one lookup may name. */
	public static final int MAX_LOOKUP = 500;

	/** Fields a PATCH may change. */
	private static final Set<String> EDITABLE = Set.of("filename", "metadata");

	private final FileRepository files;

	private final OrganizationUsage usage;

	private final FileEvents events;

	private final BlobStore store;

	private final TransactionalOperator transaction;

	FileService(FileRepository files, OrganizationUsage usage, FileEvents events, BlobStore store,
			TransactionalOperator transaction) {
		this.files = files;
		this.usage = usage;
		this.events = events;
		this.store = store;
		this.transaction = transaction;
	}

	/** The id as a UUID; anything else names no file (404). */
	public static UUID id(String reference) {
		try {
			return UUID.fromString(reference);
		}
		catch (IllegalArgumentException ex) {
			throw new FileNotFoundException(reference);
		}
	}

	/** The organization an internal call names ({@code ?organization_id=}); 400 when it names none. */
	public static UUID organizationParameter(@Nullable String value) {
		try {
			if (value != null) {
				return UUID.fromString(value);
			}
		}
		catch (IllegalArgumentException ex) {
			// reported below
		}
		throw new BadRequestException("organization_id is required",
				List.of(new FieldViolation("organization_id", "must be the organization's id (a UUID)")));
	}

	/** The organization's file; 404 for an unknown id or another organization's file. */
	public Mono<StoredFile> find(UUID organizationId, String reference) {
		return Mono.fromSupplier(() -> id(reference))
			.flatMap(id -> this.files.find(organizationId, id))
			.switchIfEmpty(Mono.error(() -> new FileNotFoundException(reference)));
	}

	Mono<Page<FileResponse>> list(KonfigPrincipal principal, Map<String, String> query, PageRequest page) {
		return Mono.fromSupplier(() -> FileSearch.parse(principal.requireOrganization(), query)).flatMap(search -> {
			FileCursor after = page.after(FileCursor::decode);
			return Page.from(this.files.search(search, after, page.fetchSize()), page,
					file -> FileCursor.of(file).encode());
		}).map(found -> found.map(FileResponse::of));
	}

	/** Metadata changes (FS-11): only {@code filename} and {@code metadata}; the row stays locked to the event. */
	Mono<StoredFile> update(KonfigPrincipal principal, String reference, @Nullable String ifMatch,
			Map<String, Object> body) {
		return Mono.defer(() -> {
			Edit edit = Edit.of(body);
			List<Long> versions = EntityTags.optionalVersions(ifMatch);
			UUID organizationId = principal.requireOrganization();
			UUID id = id(reference);
			return this.files.lock(organizationId, id)
				.switchIfEmpty(Mono.error(() -> new FileNotFoundException(reference)))
				.flatMap(current -> {
					if (!versions.isEmpty() && !versions.contains((long) current.version())) {
						return Mono.error(new PreconditionFailedException(
								"The file changed since version " + versions + "; it is at version " + current.version()));
					}
					if (current.is(FileStatus.UPLOADING)) {
						return Mono.error(FileProblem.of(HttpStatus.CONFLICT, "The file is still uploading"));
					}
					String filename = (edit.filename() != null) ? FileNames.display(edit.filename()) : current.filename();
					Map<String, Object> metadata = (edit.metadata() != null)
							? FileMetadata.merge(current.metadata(), edit.metadata()) : current.metadata();
					Map<String, Object> before = new LinkedHashMap<>();
					Map<String, Object> after = new LinkedHashMap<>();
					if (!filename.equals(current.filename())) {
						before.put("filename", current.filename());
						after.put("filename", filename);
					}
					if (!metadata.equals(current.metadata())) {
						before.put("metadata", current.metadata());
						after.put("metadata", metadata);
					}
					if (after.isEmpty()) {
						return Mono.just(current);
					}
					return this.files.updateMetadata(id, filename, FileMetadata.toJson(metadata))
						.flatMap(updated -> this.events.updated(updated, before, after).thenReturn(updated));
				});
		}).as(this.transaction::transactional);
	}

	/** Archive (FS-9): kept, counted, not listed or downloadable. An archived file stays as it is. */
	Mono<Void> archive(KonfigPrincipal principal, String reference) {
		return Mono.defer(() -> {
			UUID organizationId = principal.requireOrganization();
			return this.files.lock(organizationId, id(reference))
				.switchIfEmpty(Mono.error(() -> new FileNotFoundException(reference)))
				.flatMap(current -> {
					if (current.is(FileStatus.ARCHIVED)) {
						return Mono.empty();
					}
					if (!current.is(FileStatus.READY) && !current.is(FileStatus.FAILED)) {
						return Mono.error(FileProblem.of(HttpStatus.CONFLICT,
								"A file that is " + current.status() + " cannot be archived"));
					}
					return this.files.changeStatus(current.id(), List.of(FileStatus.READY, FileStatus.FAILED),
							FileStatus.ARCHIVED)
						.flatMap(this.events::archived);
				});
		}).as(this.transaction::transactional).then();
	}

	/** Restore (FS-9): archived → ready, unless another ready file has the same bytes (409 naming it). */
	Mono<StoredFile> restore(KonfigPrincipal principal, String reference) {
		return Mono.defer(() -> {
			UUID organizationId = principal.requireOrganization();
			return this.files.lock(organizationId, id(reference))
				.switchIfEmpty(Mono.error(() -> new FileNotFoundException(reference)))
				.flatMap(current -> {
					if (current.is(FileStatus.READY)) {
						return Mono.just(current);
					}
					if (!current.is(FileStatus.ARCHIVED)) {
						return Mono.error(FileProblem.of(HttpStatus.CONFLICT,
								"Only archived files can be restored; this one is " + current.status()));
					}
					return this.files.findStoredByHash(organizationId, current.sha256())
						.flatMap(existing -> Mono.<StoredFile>error(sameContent(existing)))
						.switchIfEmpty(Mono.defer(() -> this.files
							.changeStatus(current.id(), List.of(FileStatus.ARCHIVED), FileStatus.READY)
							.flatMap(restored -> this.events.restored(restored).thenReturn(restored))));
				});
		})
			.as(this.transaction::transactional)
			.onErrorResume(FileService::isDuplicate,
					raced -> find(principal.requireOrganization(), reference)
						.flatMap(file -> this.files.findStoredByHash(file.organizationId(), file.sha256()))
						.flatMap(existing -> Mono.error(sameContent(existing))));
	}

	/**
	 * Permanent delete by admins (FS-9): the row goes with its usage and a {@code file.deleted}
	 * event in one transaction; the bytes are removed after commit (a failure is left to the
	 * orphan sweep).
	 */
	Mono<Void> deletePermanently(KonfigPrincipal principal, String reference) {
		return Mono.defer(() -> {
			principal.requireRole(Role.ADMIN);
			return remove(principal.requireOrganization(), reference);
		});
	}

	/** Removes a file for good, whoever asked (permissions checked by the caller). */
	public Mono<Void> remove(UUID organizationId, String reference) {
		return Mono.defer(() -> this.files.lock(organizationId, id(reference))
			.switchIfEmpty(Mono.error(() -> new FileNotFoundException(reference)))
			.flatMap(current -> {
				Mono<Void> usageChange = current.isStored() ? this.usage.remove(organizationId, current.fileSize())
						: current.is(FileStatus.UPLOADING) ? this.usage.release(organizationId, current.reservedBytes())
								: Mono.empty();
				return this.files.delete(current.id())
					.then(usageChange)
					.then(this.events.deleted(current))
					.thenReturn(current);
			})
			.as(this.transaction::transactional)
			.flatMap(removed -> this.store.delete(removed.filePath())
				.then(this.store.deleteTemp(removed.id()))
				.doOnError(ex -> log.warn("The bytes of deleted file {} could not be removed; the orphan sweep will: {}",
						removed.id(), ex.toString()))
				.onErrorComplete()
				.then()));
	}

	/** FS-16. Totals and {@code by_type} leave archived files out; the quota figures count them. */
	Mono<Map<String, Object>> stats(KonfigPrincipal principal) {
		return Mono.fromSupplier(principal::requireOrganization)
			.flatMap(organizationId -> Mono.zip(this.files.countByTypeAndStatus(organizationId).collectList(),
					this.usage.of(organizationId)))
			.map(both -> {
				Map<String, Object> stats = new LinkedHashMap<>(StorageStats.summary(both.getT1()));
				OrganizationUsage.Usage figures = both.getT2();
				Map<String, Object> quota = new LinkedHashMap<>();
				quota.put("quota_bytes", figures.quotaBytes());
				quota.put("max_files", figures.maxFiles());
				quota.put("used_bytes", figures.usedBytes());
				quota.put("reserved_bytes", figures.reservedBytes());
				quota.put("file_count", figures.fileCount());
				stats.put("quota", quota);
				return stats;
			});
	}

	/** Files of the caller's organization among the ids, and the ids not found there. */
	public Mono<Map<String, Object>> lookup(UUID organizationId, Object ids) {
		List<UUID> wanted = lookupIds(ids);
		return this.files.findAll(organizationId, wanted).collectList().map(found -> {
			Set<UUID> foundIds = new LinkedHashSet<>();
			found.forEach(file -> foundIds.add(file.id()));
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("items", found.stream().map(FileResponse::of).toList());
			answer.put("missing", wanted.stream().filter(id -> !foundIds.contains(id)).toList());
			return answer;
		});
	}

	private static List<UUID> lookupIds(Object ids) {
		if (!(ids instanceof Collection<?> values)) {
			throw new BadRequestException("ids must be an array of file ids",
					List.of(new FieldViolation("ids", "must be an array of UUIDs")));
		}
		if (values.size() > MAX_LOOKUP) {
			throw new BadRequestException("At most " + MAX_LOOKUP + " ids per lookup",
					List.of(new FieldViolation("ids", "must name at most " + MAX_LOOKUP + " ids")));
		}
		Set<UUID> unique = new LinkedHashSet<>();
		for (Object value : values) {
			try {
				unique.add(UUID.fromString(Objects.toString(value)));
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequestException("ids must be file ids (UUIDs)",
						List.of(new FieldViolation("ids", "'" + value + "' is not a UUID")));
			}
		}
		return new ArrayList<>(unique);
	}

	private static FileProblem sameContent(StoredFile existing) {
		return FileProblem.conflict("Another ready file of the organization has the same content; "
				+ "archive or delete it first", Map.of("existing_file_id", existing.id()));
	}

	private static boolean isDuplicate(Throwable failure) {
		return failure instanceof DataIntegrityViolationException
				|| failure instanceof R2dbcDataIntegrityViolationException;
	}

	/** A PATCH body, checked: only the editable fields, with the right types. */
	record Edit(@Nullable String filename, @Nullable Map<String, Object> metadata) {

		@SuppressWarnings("unchecked")
		static Edit of(Map<String, Object> body) {
			List<FieldViolation> errors = new ArrayList<>();
			for (String field : body.keySet()) {
				if ("status".equals(field)) {
					errors.add(new FieldViolation("status", "is read-only; use DELETE or restore"));
				}
				else if (!EDITABLE.contains(field)) {
					errors.add(new FieldViolation(field, "is read-only or unknown; only filename and metadata change"));
				}
			}
			Object filename = body.get("filename");
			if (body.containsKey("filename") && !(filename instanceof String)) {
				errors.add(new FieldViolation("filename", "must be a string"));
			}
			Object metadata = body.get("metadata");
			if (body.containsKey("metadata") && !(metadata instanceof Map)) {
				errors.add(new FieldViolation("metadata", "must be a JSON object"));
			}
			if (!errors.isEmpty()) {
				throw new BadRequestException(errors.get(0).field() + " " + errors.get(0).message(), errors);
			}
			return new Edit((String) filename,
					Optional.ofNullable(metadata).map(value -> FileMetadata.check(value)).orElse(null));
		}

	}

}

package dev.konfig.tenant.organization;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.web.KeysetCursor;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Organizations as the platform's administration sees them: all of them, whoever the caller
 * belongs to. Callers (the {@code admin} package) check who may do this; here are only the reads
 * and the changes an admin makes, switching an organization on or off and deleting it, with the
 * same events an owner's switch or deletion writes (so auth-service's projection refuses its
 * logins and keys alike, and every service forgets a deleted organization alike).
 */
@Service
public class OrganizationAdministration {

	private static final String COLUMNS = "id, name, description, settings, status, version, created_at, updated_at";

	private final DatabaseClient db;

	private final OrganizationRepository organizations;

	private final OrganizationService service;

	private final TransactionalOperator transaction;

	OrganizationAdministration(DatabaseClient db, OrganizationRepository organizations, OrganizationService service,
			TransactionalOperator transaction) {
		this.db = db;
		this.organizations = organizations;
		this.service = service;
		this.transaction = transaction;
	}

	/** The organizations among these ids that exist, in no particular order. */
	public Flux<OrganizationResponse> lookup(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT " + COLUMNS + " FROM organizations WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(UUID[]::new))
			.map(OrganizationRepository::organization)
			.all()
			.map(this.service::response);
	}

	/**
	 * Every organization in (lower(name), id) order; {@code q} a case-insensitive substring of
	 * the name, {@code active} the status (null for both).
	 */
	public Mono<Page<OrganizationResponse>> list(String q, Boolean active, PageRequest request) {
		List<String> after = request.after(cursor -> KeysetCursor.decode(cursor, 2));
		UUID afterId = null;
		if (after != null) {
			try {
				afterId = UUID.fromString(after.get(1));
			}
			catch (IllegalArgumentException ex) {
				throw KeysetCursor.invalid();
			}
		}
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", lower(name) AS name_key FROM organizations WHERE true");
		if (q != null) {
			sql.append(" AND lower(name) LIKE :q ESCAPE '\\'");
		}
		if (active != null) {
			sql.append(" AND status = :status");
		}
		if (after != null) {
			sql.append(" AND (lower(name), id) > (:afterName, :afterId)");
		}
		sql.append(" ORDER BY lower(name), id LIMIT :limit");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString()).bind("limit", request.fetchSize());
		if (q != null) {
			spec = spec.bind("q", "%" + q.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
				.replace("_", "\\_") + "%");
		}
		if (active != null) {
			spec = spec.bind("status", OrganizationStatus.of(active).value());
		}
		if (after != null) {
			spec = spec.bind("afterName", after.get(0)).bind("afterId", afterId);
		}
		Flux<Keyed> rows = spec
			.map(row -> new Keyed(OrganizationRepository.organization(row), row.get("name_key", String.class)))
			.all();
		return Page.from(rows, request, row -> KeysetCursor.encode(row.nameKey(), row.organization().id()))
			.map(page -> page.map(row -> this.service.response(row.organization())));
	}

	public Mono<OrganizationResponse> find(UUID id) {
		return this.organizations.findById(id)
			.map(this.service::response)
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)));
	}

	/**
	 * Switches the organization on or off. One event, as for an owner's switch
	 * ({@code organization.activated}/{@code .deactivated}, or {@code organization.updated} when
	 * nothing changed), with {@code via: "admin"}.
	 */
	public Mono<OrganizationResponse> setActive(UUID id, boolean active) {
		SettingsPatch patch = new SettingsPatch("{}", new String[0], active);
		return this.transaction.transactional(this.organizations.findByIdForUpdate(id)
			.switchIfEmpty(Mono.error(() -> new OrganizationNotFoundException(id)))
			.flatMap(before -> this.organizations.update(id, null, null, patch)
				.flatMap(after -> this.service.recordUpdated(before, after, Map.of("via", "admin")).thenReturn(after))))
			.map(this.service::response);
	}

	/**
	 * Deletes the organization as an owner's deletion does (same checks of {@code confirm}, same
	 * transaction, same {@code organization.deleted}), with {@code reason: deleted_by_admin} and
	 * {@code via: "admin"}.
	 */
	public Mono<Void> delete(UUID id, String confirm) {
		return this.service.deleteConfirmed(id, confirm, Map.of("reason", "deleted_by_admin", "via", "admin"));
	}

	public Mono<Counts> counts() {
		return this.db
			.sql("SELECT count(*) AS total, count(*) FILTER (WHERE status = 'active') AS active FROM organizations")
			.map(row -> {
				long total = row.get("total", Long.class);
				long activeCount = row.get("active", Long.class);
				return new Counts(total, activeCount, total - activeCount);
			})
			.one();
	}

	/** How many organizations there are, and how many are switched on. */
	public record Counts(long total, long active, long inactive) {
	}

	private record Keyed(Organization organization, String nameKey) {
	}

}

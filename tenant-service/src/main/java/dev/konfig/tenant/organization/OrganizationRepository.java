package dev.konfig.tenant.organization;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over the {@code organizations} table. */
@Repository
class OrganizationRepository {

	private static final String COLUMNS = "id, name, description, settings, status, version, created_at, updated_at";

	private final DatabaseClient db;

	OrganizationRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Inserts unless the id or the name (any case) exists already; empty when nothing was
	 * inserted, so the caller can tell a retry from a conflict.
	 */
	Mono<Organization> insertIfAbsent(UUID id, String name, String description) {
		return insertIfAbsent(id, name, description, true, null);
	}

	/** As above, for an organization brought from elsewhere: its status and creation time kept. */
	Mono<Organization> insertIfAbsent(UUID id, String name, String description, boolean active,
			java.time.Instant createdAt) {
		return this.db.sql("INSERT INTO organizations (id, name, description, status, settings, created_at) "
				+ "VALUES (:id, :name, :description, :status, jsonb_build_object('is_active', :active), "
				+ "coalesce(:created, now())) ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("name", name)
			.bind("description", Parameter.fromOrEmpty(description, String.class))
			.bind("status", active ? "active" : "inactive")
			.bind("active", active)
			.bind("created", Parameter.fromOrEmpty(createdAt, java.time.Instant.class))
			.map(OrganizationRepository::organization)
			.one();
	}

	Mono<Organization> findById(UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM organizations WHERE id = :id")
			.bind("id", id)
			.map(OrganizationRepository::organization)
			.one();
	}

	/** The row, locked until the caller's transaction ends. */
	Mono<Organization> findByIdForUpdate(UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM organizations WHERE id = :id FOR UPDATE")
			.bind("id", id)
			.map(OrganizationRepository::organization)
			.one();
	}

	Mono<Boolean> nameTaken(String name) {
		return this.db.sql("SELECT 1 FROM organizations WHERE lower(name) = lower(:name)")
			.bind("name", name)
			.map(row -> true)
			.first()
			.defaultIfEmpty(false);
	}

	/** A page of the given organizations in (name, id) order, after the cursor when there is one. */
	Flux<Organization> page(Collection<UUID> ids, OrganizationCursor after, int limit) {
		String sql = "SELECT " + COLUMNS + " FROM organizations WHERE id = ANY(:ids)"
				+ (after == null ? "" : " AND (name, id) > (:afterName, :afterId)") + " ORDER BY name, id LIMIT :limit";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql)
			.bind("ids", ids.toArray(UUID[]::new))
			.bind("limit", limit);
		if (after != null) {
			spec = spec.bind("afterName", after.name()).bind("afterId", after.id());
		}
		return spec.map(OrganizationRepository::organization).all();
	}

	/**
	 * Changes what the patch names. The settings merge happens in the statement, so two
	 * concurrent patches of different keys both survive. The patch's {@code is_active} goes to
	 * the status column; the database's trigger mirrors it into settings for replicas of the
	 * previous version (until the contract migration) and counts the version up.
	 */
	Mono<Organization> update(UUID id, String name, String description, SettingsPatch settings) {
		OrganizationStatus status = settings.isActive() == null ? null : OrganizationStatus.of(settings.isActive());
		return this.db.sql("UPDATE organizations SET name = COALESCE(:name, name), "
				+ "description = COALESCE(:description, description), status = COALESCE(:status, status), "
				+ "settings = (settings || CAST(:merged AS jsonb)) - CAST(:removed AS text[]), updated_at = now() "
				+ "WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("name", Parameter.fromOrEmpty(name, String.class))
			.bind("description", Parameter.fromOrEmpty(description, String.class))
			.bind("status", Parameter.fromOrEmpty(status == null ? null : status.value(), String.class))
			.bind("merged", settings.merged())
			.bind("removed", settings.removed())
			.map(OrganizationRepository::organization)
			.one()
			.onErrorMap(DataIntegrityViolationException.class, ex -> new OrganizationNameTakenException());
	}

	/**
	 * Merges flags into {@code settings.features} key by key, in the statement (a stored value
	 * that is not an object is replaced).
	 */
	Mono<Organization> mergeFeatures(UUID id, String flags) {
		return this.db.sql("UPDATE organizations SET settings = jsonb_set(settings, '{features}', "
				+ "CASE WHEN jsonb_typeof(settings -> 'features') = 'object' THEN settings -> 'features' ELSE '{}'::jsonb END "
				+ "|| CAST(:flags AS jsonb)), updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("flags", flags)
			.map(OrganizationRepository::organization)
			.one();
	}

	/**
	 * The next organizations in id order after {@code after} (from the first when null), read
	 * whole: the caller issues statements for each on the same connection, which could not run
	 * while this result still streamed.
	 */
	Mono<List<Organization>> pageAfter(UUID after, int size) {
		return this.db.sql("SELECT " + COLUMNS + " FROM organizations WHERE (CAST(:after AS uuid) IS NULL OR id > :after) "
				+ "ORDER BY id LIMIT :size")
			.bind("after", Parameter.fromOrEmpty(after, UUID.class))
			.bind("size", size)
			.map(OrganizationRepository::organization)
			.all()
			.collectList();
	}

	/** The deleted row; empty when there was none. */
	Mono<Organization> delete(UUID id) {
		return this.db.sql("DELETE FROM organizations WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", id)
			.map(OrganizationRepository::organization)
			.one();
	}

	static Organization organization(Readable row) {
		Json settings = row.get("settings", Json.class);
		return new Organization(row.get("id", UUID.class), row.get("name", String.class),
				row.get("description", String.class), settings == null ? "{}" : settings.asString(),
				OrganizationStatus.parse(row.get("status", String.class)), row.get("version", Long.class),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
	}

}

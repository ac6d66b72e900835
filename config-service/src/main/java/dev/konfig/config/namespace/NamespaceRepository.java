package dev.konfig.config.namespace;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over the {@code namespaces} table; every statement is scoped to one organization. */
@Repository
class NamespaceRepository {

	static final String COLUMNS = "id, organization_id, name, description, revision, require_if_match, created_at, updated_at";

	private final DatabaseClient db;

	NamespaceRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Empty when the organization has a namespace of that name already. */
	Mono<Namespace> insert(UUID organizationId, String name, String description, boolean requireIfMatch) {
		return this.db.sql("INSERT INTO namespaces (id, organization_id, name, description, require_if_match) "
				+ "VALUES (:id, :org, :name, :description, :strict) ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
			.bind("id", UUID.randomUUID())
			.bind("org", organizationId)
			.bind("name", name)
			.bind("description", Parameter.fromOrEmpty(description, String.class))
			.bind("strict", requireIfMatch)
			.map(NamespaceRepository::namespace)
			.one();
	}

	/** By id or by name: a reference that parses as a UUID may still be a name. */
	Mono<Namespace> find(UUID organizationId, String reference) {
		UUID id = uuidOrNull(reference);
		String sql = "SELECT " + COLUMNS + " FROM namespaces WHERE organization_id = :org AND "
				+ (id == null ? "name = :ref" : "(id = :id OR name = :ref) ORDER BY (id = :id) DESC LIMIT 1");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql).bind("org", organizationId).bind("ref", reference);
		if (id != null) {
			spec = spec.bind("id", id);
		}
		return spec.map(NamespaceRepository::namespace).first();
	}

	/** The row, locked until the transaction ends, with its revision bumped. */
	Mono<Namespace> lockAndBump(UUID organizationId, UUID id) {
		return this.db.sql("UPDATE namespaces SET revision = revision + 1, updated_at = now() "
				+ "WHERE id = :id AND organization_id = :org RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("org", organizationId)
			.map(NamespaceRepository::namespace)
			.one();
	}

	/** The row, locked until the transaction ends; unchanged. */
	Mono<Namespace> lock(UUID organizationId, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM namespaces WHERE id = :id AND organization_id = :org FOR UPDATE")
			.bind("id", id)
			.bind("org", organizationId)
			.map(NamespaceRepository::namespace)
			.one();
	}

	Mono<Long> revision(UUID organizationId, UUID id) {
		return this.db.sql("SELECT revision FROM namespaces WHERE id = :id AND organization_id = :org")
			.bind("id", id)
			.bind("org", organizationId)
			.map(row -> row.get("revision", Long.class))
			.one();
	}

	Flux<Namespace> page(UUID organizationId, NamespaceCursor after, int limit) {
		String sql = "SELECT " + COLUMNS + " FROM namespaces WHERE organization_id = :org"
				+ (after == null ? "" : " AND name > :after") + " ORDER BY name LIMIT :limit";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql).bind("org", organizationId).bind("limit", limit);
		if (after != null) {
			spec = spec.bind("after", after.name());
		}
		return spec.map(NamespaceRepository::namespace).all();
	}

	Mono<Namespace> update(UUID organizationId, UUID id, String name, String description, Boolean requireIfMatch) {
		return this.db.sql("UPDATE namespaces SET name = COALESCE(:name, name), "
				+ "description = COALESCE(:description, description), "
				+ "require_if_match = COALESCE(:strict, require_if_match), updated_at = now() "
				+ "WHERE id = :id AND organization_id = :org RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("org", organizationId)
			.bind("name", Parameter.fromOrEmpty(name, String.class))
			.bind("description", Parameter.fromOrEmpty(description, String.class))
			.bind("strict", Parameter.fromOrEmpty(requireIfMatch, Boolean.class))
			.map(NamespaceRepository::namespace)
			.one()
			.onErrorMap(DataIntegrityViolationException.class, ex -> new NamespaceNameTakenException(name));
	}

	Mono<Long> delete(UUID organizationId, UUID id) {
		return this.db.sql("DELETE FROM namespaces WHERE id = :id AND organization_id = :org")
			.bind("id", id)
			.bind("org", organizationId)
			.fetch()
			.rowsUpdated();
	}

	/** What a namespace's deletion must write into the history of each of its configs. */
	record ConfigTrace(UUID id, String key, long version, String valueType, boolean secret) {
	}

	Flux<ConfigTrace> configsOf(UUID namespaceId) {
		return this.db.sql("SELECT id, key, version, value_type, is_secret FROM configs WHERE namespace_id = :id "
				+ "ORDER BY key")
			.bind("id", namespaceId)
			.map(row -> new ConfigTrace(row.get("id", UUID.class), row.get("key", String.class),
					row.get("version", Long.class), row.get("value_type", String.class),
					Boolean.TRUE.equals(row.get("is_secret", Boolean.class))))
			.all();
	}

	static UUID uuidOrNull(String reference) {
		if (reference.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(reference);
		}
		catch (IllegalArgumentException notAnId) {
			return null;
		}
	}

	static Namespace namespace(Readable row) {
		Long revision = row.get("revision", Long.class);
		return new Namespace(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("name", String.class), row.get("description", String.class), revision == null ? 0 : revision,
				Boolean.TRUE.equals(row.get("require_if_match", Boolean.class)), row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
	}

}

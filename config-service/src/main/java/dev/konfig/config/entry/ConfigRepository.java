package dev.konfig.config.entry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over the {@code configs} table. */
@Repository
class ConfigRepository {

	private static final String COLUMNS = "id, organization_id, namespace_id, key, value_type, value, secret_key_id, "
			+ "is_secret, validation_schema, description, version, created_at, updated_at, updated_by";

	private final DatabaseClient db;

	ConfigRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Empty when the key exists already in the namespace. */
	Mono<Config> insert(Config config) {
		return this.db.sql("INSERT INTO configs (" + COLUMNS.replace(", created_at, updated_at", "")
				+ ") VALUES (:id, :org, :namespaceId, :key, :valueType, :value, :secretKeyId, :secret, "
				+ "CAST(:schema AS jsonb), :description, :version, :updatedBy) ON CONFLICT DO NOTHING RETURNING "
				+ COLUMNS)
			.bind("id", config.id())
			.bind("org", config.organizationId())
			.bind("namespaceId", config.namespaceId())
			.bind("key", config.key())
			.bind("valueType", config.valueType().value())
			.bind("value", config.value())
			.bind("secretKeyId", Parameter.fromOrEmpty(config.secretKeyId(), String.class))
			.bind("secret", config.secret())
			.bind("schema", Parameter.fromOrEmpty(config.validationSchema(), String.class))
			.bind("description", Parameter.fromOrEmpty(config.description(), String.class))
			.bind("version", config.version())
			.bind("updatedBy", config.updatedBy())
			.map(ConfigRepository::config)
			.one();
	}

	Mono<Config> find(UUID namespaceId, String key) {
		return this.db.sql("SELECT " + COLUMNS + " FROM configs WHERE namespace_id = :namespaceId AND key = :key")
			.bind("namespaceId", namespaceId)
			.bind("key", key)
			.map(ConfigRepository::config)
			.one();
	}

	Flux<Config> page(UUID namespaceId, String afterKey, int limit) {
		String sql = "SELECT " + COLUMNS + " FROM configs WHERE namespace_id = :namespaceId"
				+ (afterKey == null ? "" : " AND key > :after") + " ORDER BY key LIMIT :limit";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql)
			.bind("namespaceId", namespaceId)
			.bind("limit", limit);
		if (afterKey != null) {
			spec = spec.bind("after", afterKey);
		}
		return spec.map(ConfigRepository::config).all();
	}

	/** The namespace's revision and all its configs, read in one statement so they agree. */
	Mono<Snapshot> snapshot(UUID namespaceId) {
		return this.db.sql("SELECT n.revision AS namespace_revision, c.* FROM namespaces n "
				+ "LEFT JOIN configs c ON c.namespace_id = n.id WHERE n.id = :namespaceId ORDER BY c.key")
			.bind("namespaceId", namespaceId)
			.map(row -> new Object[] { row.get("namespace_revision", Long.class),
					row.get("id", UUID.class) == null ? null : config(row) })
			.all()
			.collectList()
			.filter(rows -> !rows.isEmpty())
			.map(rows -> new Snapshot((Long) rows.get(0)[0],
					rows.stream().filter(row -> row[1] != null).map(row -> (Config) row[1]).toList()));
	}

	record Snapshot(long revision, List<Config> configs) {
	}

	/**
	 * Writes the new state only if the row still has one of the expected versions (any, when
	 * the list is empty): the check and the write are one statement, so no update is lost.
	 */
	Mono<Config> updateIfVersion(Config next, List<Long> expected) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("UPDATE configs SET value_type = :valueType, value = :value, secret_key_id = :secretKeyId, "
				+ "is_secret = :secret, validation_schema = CAST(:schema AS jsonb), description = :description, "
				+ "version = version + 1, updated_at = now(), updated_by = :updatedBy WHERE id = :id"
				+ (expected.isEmpty() ? "" : " AND version = ANY(:expected)") + " RETURNING " + COLUMNS)
			.bind("id", next.id())
			.bind("valueType", next.valueType().value())
			.bind("value", next.value())
			.bind("secretKeyId", Parameter.fromOrEmpty(next.secretKeyId(), String.class))
			.bind("secret", next.secret())
			.bind("schema", Parameter.fromOrEmpty(next.validationSchema(), String.class))
			.bind("description", Parameter.fromOrEmpty(next.description(), String.class))
			.bind("updatedBy", next.updatedBy());
		return withExpected(spec, expected).map(ConfigRepository::config).one();
	}

	/** Deletes the row if it still has one of the expected versions; empty otherwise. */
	Mono<Config> deleteIfVersion(UUID id, List<Long> expected) {
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("DELETE FROM configs WHERE id = :id" + (expected.isEmpty() ? "" : " AND version = ANY(:expected)")
					+ " RETURNING " + COLUMNS)
			.bind("id", id);
		return withExpected(spec, expected).map(ConfigRepository::config).one();
	}

	private static DatabaseClient.GenericExecuteSpec withExpected(DatabaseClient.GenericExecuteSpec spec,
			List<Long> expected) {
		return expected.isEmpty() ? spec : spec.bind("expected", expected.toArray(Long[]::new));
	}

	static Config config(Readable row) {
		Object schema = row.get("validation_schema");
		String schemaText = schema instanceof Json json ? json.asString() : (schema == null ? null : schema.toString());
		return new Config(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("namespace_id", UUID.class), row.get("key", String.class),
				ValueType.of(row.get("value_type", String.class)), row.get("value", String.class),
				row.get("secret_key_id", String.class), Boolean.TRUE.equals(row.get("is_secret", Boolean.class)),
				schemaText, row.get("description", String.class), row.get("version", Long.class),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class),
				row.get("updated_by", String.class));
	}

}

package dev.konfig.config.entry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.config.history.ConfigHistory;
import dev.konfig.config.namespace.NamespaceNotFoundException;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.SecretCipher;
import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.UnprocessableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes namespaces and configs brought in by the importer, with their ids, versions and whole
 * history. A config and its history are one transaction under the namespace's lock, which also
 * moves the namespace's revision once per history entry (so watchers see them in order); the
 * audit event ({@code namespace.imported}, {@code config.imported}) commits with it and names
 * the source. A second run finds the ids and changes nothing.
 */
@Service
class ConfigImport {

	private static final String IMPORT_ACTOR = "importer";

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	private final SecretCipher cipher;

	private final ValueRules rules;

	private final JsonMapper json;

	ConfigImport(DatabaseClient db, TransactionalOperator tx, Outbox outbox, SecretCipher cipher, ValueRules rules,
			JsonMapper json) {
		this.db = db;
		this.tx = tx;
		this.outbox = outbox;
		this.cipher = cipher;
		this.rules = rules;
		this.json = json;
	}

	Mono<ImportRecords.ImportResult> namespace(ImportRecords.ImportedNamespace namespace, boolean dryRun) {
		Mono<ImportRecords.ImportResult> work = this.db
			.sql("INSERT INTO namespaces (id, organization_id, name, description, created_at, updated_at) "
					+ "VALUES (:id, :org, :name, :description, coalesce(:created, now()), now()) ON CONFLICT DO NOTHING")
			.bind("id", namespace.id())
			.bind("org", namespace.organizationId())
			.bind("name", namespace.name())
			.bind("description", Parameters.in(R2dbcType.VARCHAR, namespace.description()))
			.bind("created", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE, namespace.createdAt()))
			.fetch()
			.rowsUpdated()
			.flatMap(rows -> {
				if (rows > 0) {
					Map<String, Object> data = new LinkedHashMap<>();
					data.put("imported_from", namespace.source());
					data.put("name", namespace.name());
					return this.outbox
						.appendFromRequest(AuditEvent.of(namespace.organizationId(), "namespace.imported", "namespace",
								namespace.id(), AuditEvent.SUCCESS, data))
						.thenReturn(result(namespace.id(), ImportRecords.ImportResult.IMPORTED));
				}
				return this.db.sql("SELECT organization_id, name FROM namespaces WHERE id = :id")
					.bind("id", namespace.id())
					.map(row -> namespace.organizationId().equals(row.get("organization_id", UUID.class))
							&& namespace.name().equals(row.get("name", String.class)))
					.one()
					.filter(Boolean::booleanValue)
					.map(same -> result(namespace.id(), ImportRecords.ImportResult.ALREADY_THERE))
					.switchIfEmpty(Mono.error(() -> new ConflictException("The namespace '" + namespace.name()
							+ "' or its id " + namespace.id() + " is already taken in the suite")));
			});
		return inTransaction(work, dryRun);
	}

	Mono<ImportRecords.ImportResult> config(ImportRecords.ImportedConfig config, boolean dryRun) {
		List<ImportRecords.ImportedVersion> history = config.history();
		ImportRecords.ImportedVersion current = history.get(history.size() - 1);
		ValidationSchema schema = config.validationSchema() == null ? ValidationSchema.NONE : config.validationSchema();
		this.rules.checkSchema(config.valueType(), schema);
		checkHistory(config, history, current, schema);
		Mono<ImportRecords.ImportResult> work = lockNamespace(config)
			.flatMap(namespace -> this.db.sql("SELECT namespace_id, key FROM configs WHERE id = :id")
				.bind("id", config.id())
				.map(row -> config.namespaceId().equals(row.get("namespace_id", UUID.class))
						&& config.key().equals(row.get("key", String.class)))
				.one()
				.flatMap(same -> same ? Mono.just(result(config.id(), ImportRecords.ImportResult.ALREADY_THERE))
						: Mono.error(new ConflictException("The config id " + config.id() + " is already taken")))
				.switchIfEmpty(Mono.defer(() -> insert(namespace, config, schema, current))));
		return inTransaction(work, dryRun);
	}

	/** One transaction per item; a dry run rolls it back whatever happened. */
	private Mono<ImportRecords.ImportResult> inTransaction(Mono<ImportRecords.ImportResult> work, boolean dryRun) {
		return this.tx.execute(status -> {
			if (dryRun) {
				status.setRollbackOnly();
			}
			return work;
		}).single();
	}

	private record LockedNamespace(String name, long revision) {
	}

	private Mono<LockedNamespace> lockNamespace(ImportRecords.ImportedConfig config) {
		return this.db.sql("SELECT name, revision FROM namespaces WHERE id = :id AND organization_id = :org FOR UPDATE")
			.bind("id", config.namespaceId())
			.bind("org", config.organizationId())
			.map(row -> new LockedNamespace(row.get("name", String.class), row.get("revision", Long.class)))
			.one()
			.switchIfEmpty(Mono.error(() -> new NamespaceNotFoundException(config.namespaceId().toString())));
	}

	private Mono<ImportRecords.ImportResult> insert(LockedNamespace namespace, ImportRecords.ImportedConfig config,
			ValidationSchema schema, ImportRecords.ImportedVersion current) {
		Sealed value = seal(config, current.value());
		Instant created = config.createdAt() != null ? config.createdAt() : config.history().get(0).changedAt();
		String updatedBy = current.changedBy() != null ? current.changedBy()
				: config.createdBy() != null ? config.createdBy() : IMPORT_ACTOR;
		long revision = namespace.revision() + config.history().size();
		return this.db
			.sql("SELECT count(*) AS taken FROM configs WHERE namespace_id = :namespace AND key = :key")
			.bind("namespace", config.namespaceId())
			.bind("key", config.key())
			.map(row -> row.get("taken", Long.class))
			.one()
			.flatMap(taken -> taken > 0
					? Mono.<Void>error(new ConflictException("The key '" + config.key()
							+ "' is already taken in its namespace by another config"))
					: Mono.empty())
			.then(this.db
				.sql("INSERT INTO configs (id, organization_id, namespace_id, key, value_type, value, secret_key_id, "
						+ "is_secret, validation_schema, description, version, created_at, updated_at, updated_by) "
						+ "VALUES (:id, :org, :namespace, :key, :type, :value, :keyId, :secret, "
						+ "CAST(:schema AS jsonb), :description, :version, :created, :updated, :by)")
				.bind("id", config.id())
				.bind("org", config.organizationId())
				.bind("namespace", config.namespaceId())
				.bind("key", config.key())
				.bind("type", config.valueType().value())
				.bind("value", value.value())
				.bind("keyId", Parameters.in(R2dbcType.VARCHAR, value.keyId()))
				.bind("secret", config.isSecret())
				.bind("schema", Parameters.in(R2dbcType.VARCHAR,
						schema.equals(ValidationSchema.NONE) ? null : this.json.writeValueAsString(schema)))
				.bind("description", Parameters.in(R2dbcType.VARCHAR, config.description()))
				.bind("version", current.version())
				.bind("created", created)
				.bind("updated", current.changedAt())
				.bind("by", updatedBy)
				.then())
			.then(Flux.range(0, config.history().size())
				.concatMap(index -> history(namespace, config, config.history().get(index),
						namespace.revision() + index + 1))
				.then())
			.then(this.db.sql("UPDATE namespaces SET revision = :revision, updated_at = now() WHERE id = :id")
				.bind("revision", revision)
				.bind("id", config.namespaceId())
				.then())
			.then(this.db.sql("SELECT pg_notify('" + ConfigHistory.CHANNEL + "', :payload)")
				.bind("payload", config.namespaceId() + ":" + revision)
				.then())
			.then(imported(namespace, config, current))
			.thenReturn(result(config.id(), ImportRecords.ImportResult.IMPORTED));
	}

	private Mono<Void> history(LockedNamespace namespace, ImportRecords.ImportedConfig config,
			ImportRecords.ImportedVersion version, long revision) {
		Sealed value = version.value() == null ? new Sealed(null, null) : seal(config, version.value());
		return this.db
			.sql("INSERT INTO config_history (id, organization_id, namespace_id, namespace_name, config_id, key, "
					+ "version, namespace_revision, change_type, value_type, value, secret_key_id, is_secret, actor_id, "
					+ "actor_type, changed_at) VALUES (:id, :org, :namespace, :name, :config, :key, :version, "
					+ ":revision, :change, :type, :value, :keyId, :secret, :actor, :actorType, :at)")
			.bind("id", UUID.randomUUID())
			.bind("org", config.organizationId())
			.bind("namespace", config.namespaceId())
			.bind("name", namespace.name())
			.bind("config", config.id())
			.bind("key", config.key())
			.bind("version", version.version())
			.bind("revision", revision)
			.bind("change", version.changeType())
			.bind("type", config.valueType().value())
			.bind("value", Parameters.in(R2dbcType.VARCHAR, value.value()))
			.bind("keyId", Parameters.in(R2dbcType.VARCHAR, value.keyId()))
			.bind("secret", config.isSecret())
			.bind("actor", version.changedBy() != null ? version.changedBy() : IMPORT_ACTOR)
			// konfig recorded the tenant, not the person: the actor keeps that id, typed by its source.
			.bind("actorType", version.changedBy() != null ? config.source() : "service")
			.bind("at", version.changedAt())
			.then();
	}

	private Mono<Void> imported(LockedNamespace namespace, ImportRecords.ImportedConfig config,
			ImportRecords.ImportedVersion current) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("imported_from", config.source());
		data.put("namespace", namespace.name());
		data.put("key", config.key());
		data.put("value_type", config.valueType().value());
		data.put("is_secret", config.isSecret());
		data.put("version", current.version());
		data.put("history_versions", config.history().size());
		return this.outbox.appendFromRequest(AuditEvent.of(config.organizationId(), "config.imported", "config",
				config.id(), AuditEvent.SUCCESS, data));
	}

	/**
	 * Versions must rise, the current one must have a value of the config's type, and only a
	 * deletion may lack a value: anything else is refused before a row is written.
	 */
	private void checkHistory(ImportRecords.ImportedConfig config, List<ImportRecords.ImportedVersion> history,
			ImportRecords.ImportedVersion current, ValidationSchema schema) {
		long previous = 0;
		for (ImportRecords.ImportedVersion version : history) {
			if (version.version() <= previous) {
				throw new UnprocessableException("History versions of '" + config.key() + "' must rise");
			}
			previous = version.version();
			boolean deletion = "delete".equals(version.changeType());
			if (deletion != (version.value() == null)) {
				throw new UnprocessableException("Version " + version.version() + " of '" + config.key()
						+ "': only a deletion has no value");
			}
		}
		if (current.value() == null) {
			throw new UnprocessableException("The current version of '" + config.key() + "' has no value");
		}
		this.rules.check(config.valueType(), schema, current.value());
	}

	private record Sealed(String value, String keyId) {
	}

	private Sealed seal(ImportRecords.ImportedConfig config, JsonNode value) {
		String text = this.json.writeValueAsString(value);
		if (!config.isSecret()) {
			return new Sealed(text, null);
		}
		SecretCipher.Sealed sealed = this.cipher.encrypt(text, config.organizationId().toString());
		return new Sealed(sealed.ciphertext(), sealed.keyId());
	}

	private static ImportRecords.ImportResult result(UUID id, String outcome) {
		return new ImportRecords.ImportResult(id, outcome);
	}

}

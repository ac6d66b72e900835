package dev.konfig.config.history;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code config_history} table, and the PostgreSQL notification of a namespace's new
 * revision. Both are written inside the transaction of the change: the row commits with it,
 * and PostgreSQL delivers the notification only on commit.
 */
@Repository
public class ConfigHistory {

	/** The channel every replica listens on; the payload is {@code <namespace id>:<revision>}. */
	public static final String CHANNEL = "konfig_config_changes";

	private static final String COLUMNS = "id, organization_id, namespace_id, namespace_name, config_id, key, version, "
			+ "namespace_revision, change_type, value_type, value, secret_key_id, is_secret, actor_id, actor_type, "
			+ "changed_at";

	/** A namespace known from its history, perhaps deleted since. */
	public record NamespaceTrace(UUID id, String name) {
	}

	private final DatabaseClient db;

	ConfigHistory(DatabaseClient db) {
		this.db = db;
	}

	public Mono<Void> record(HistoryEntry entry) {
		return this.db.sql("INSERT INTO config_history (" + COLUMNS.replace(", changed_at", "") + ") VALUES (:id, "
				+ ":org, :namespaceId, :namespaceName, :configId, :key, :version, :revision, :changeType, :valueType, "
				+ ":value, :secretKeyId, :secret, :actorId, :actorType)")
			.bind("id", entry.id())
			.bind("org", entry.organizationId())
			.bind("namespaceId", entry.namespaceId())
			.bind("namespaceName", entry.namespaceName())
			.bind("configId", entry.configId())
			.bind("key", entry.key())
			.bind("version", entry.version())
			.bind("revision", entry.namespaceRevision())
			.bind("changeType", entry.changeType().value())
			.bind("valueType", entry.valueType())
			.bind("value", Parameter.fromOrEmpty(entry.value(), String.class))
			.bind("secretKeyId", Parameter.fromOrEmpty(entry.secretKeyId(), String.class))
			.bind("secret", entry.secret())
			.bind("actorId", entry.actorId())
			.bind("actorType", entry.actorType())
			.then();
	}

	/** Tells every replica's watchers that the namespace reached this revision (on commit). */
	public Mono<Void> announce(UUID namespaceId, long revision) {
		return this.db.sql("SELECT pg_notify('" + CHANNEL + "', :payload)")
			.bind("payload", namespaceId + ":" + revision)
			.then();
	}

	/**
	 * Announces every namespace of the organization at its current revision (watchers do not
	 * wake, replicas drop what they keep of them): for changes that touch them all at once.
	 */
	public Mono<Void> announceOrganization(UUID organizationId) {
		return this.db.sql("SELECT pg_notify('" + CHANNEL + "', id || ':' || revision) FROM namespaces "
				+ "WHERE organization_id = :org")
			.bind("org", organizationId)
			.then();
	}

	/** The highest version a key ever had in the namespace, deleted or not; 0 when none. */
	public Mono<Long> lastVersion(UUID namespaceId, String key) {
		return this.db.sql("SELECT COALESCE(MAX(version), 0) AS v FROM config_history "
				+ "WHERE namespace_id = :namespaceId AND key = :key")
			.bind("namespaceId", namespaceId)
			.bind("key", key)
			.map(row -> row.get("v", Long.class))
			.one();
	}

	/** Newest first, before the given version when there is one. */
	public Flux<HistoryEntry> ofKey(UUID organizationId, UUID namespaceId, String key, Long beforeVersion,
			int limit) {
		String sql = "SELECT " + COLUMNS + " FROM config_history WHERE organization_id = :org "
				+ "AND namespace_id = :namespaceId AND key = :key"
				+ (beforeVersion == null ? "" : " AND version < :before") + " ORDER BY version DESC LIMIT :limit";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql)
			.bind("org", organizationId)
			.bind("namespaceId", namespaceId)
			.bind("key", key)
			.bind("limit", limit);
		if (beforeVersion != null) {
			spec = spec.bind("before", beforeVersion);
		}
		return spec.map(ConfigHistory::entry).all();
	}

	public Mono<HistoryEntry> version(UUID organizationId, UUID namespaceId, String key, long version) {
		return this.db.sql("SELECT " + COLUMNS + " FROM config_history WHERE organization_id = :org "
				+ "AND namespace_id = :namespaceId AND key = :key AND version = :version")
			.bind("org", organizationId)
			.bind("namespaceId", namespaceId)
			.bind("key", key)
			.bind("version", version)
			.map(ConfigHistory::entry)
			.one();
	}

	/**
	 * The namespace's changes in the revisions {@code (after, after + revisions]}, oldest first:
	 * what a resuming watcher missed. Revisions are whole (a namespace's deletion writes many rows
	 * under one revision), and consecutive, because every change bumps the revision by one.
	 */
	public Flux<HistoryEntry> after(UUID organizationId, UUID namespaceId, long after, int revisions) {
		return this.db.sql("SELECT " + COLUMNS + " FROM config_history WHERE organization_id = :org "
				+ "AND namespace_id = :namespaceId AND namespace_revision > :after AND namespace_revision <= :until "
				+ "ORDER BY namespace_revision, key")
			.bind("org", organizationId)
			.bind("namespaceId", namespaceId)
			.bind("after", after)
			.bind("until", after + revisions)
			.map(ConfigHistory::entry)
			.all();
	}

	/**
	 * A namespace of the organization as its history remembers it, by id or by name (the most
	 * recent one of that name), so history stays readable after the namespace is deleted.
	 */
	public Mono<NamespaceTrace> namespace(UUID organizationId, String reference) {
		UUID id = uuidOrNull(reference);
		String sql = "SELECT namespace_id, namespace_name FROM config_history WHERE organization_id = :org AND "
				+ (id == null ? "namespace_name = :ref" : "(namespace_id = :id OR namespace_name = :ref)")
				+ " ORDER BY changed_at DESC LIMIT 1";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql).bind("org", organizationId).bind("ref", reference);
		if (id != null) {
			spec = spec.bind("id", id);
		}
		return spec.map(row -> new NamespaceTrace(row.get("namespace_id", UUID.class),
				row.get("namespace_name", String.class)))
			.first();
	}

	private static UUID uuidOrNull(String reference) {
		try {
			return reference.length() == 36 ? UUID.fromString(reference) : null;
		}
		catch (IllegalArgumentException notAnId) {
			return null;
		}
	}

	static HistoryEntry entry(Readable row) {
		return new HistoryEntry(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("namespace_id", UUID.class), row.get("namespace_name", String.class),
				row.get("config_id", UUID.class), row.get("key", String.class), row.get("version", Long.class),
				row.get("namespace_revision", Long.class), ChangeType.of(row.get("change_type", String.class)),
				row.get("value_type", String.class), row.get("value", String.class),
				row.get("secret_key_id", String.class), Boolean.TRUE.equals(row.get("is_secret", Boolean.class)),
				row.get("actor_id", String.class), row.get("actor_type", String.class),
				row.get("changed_at", Instant.class));
	}

}

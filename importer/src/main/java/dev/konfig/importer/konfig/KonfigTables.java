package dev.konfig.importer.konfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.konfig.importer.SourceRows.bool;
import static dev.konfig.importer.SourceRows.instant;
import static dev.konfig.importer.SourceRows.lower;
import static dev.konfig.importer.SourceRows.rows;
import static dev.konfig.importer.SourceRows.uuid;

/**
 * konfig's six tables, read whole in one snapshot. konfig wrote naive UTC timestamps
 * ({@code timestamp}); a column migrated to {@code timestamptz} is read as such. Boolean
 * columns may hold booleans or konfig's {@code 'true'}/{@code 'false'} strings; both read as
 * booleans. Enums are read as text, so either of konfig's {@code configvaluetype} enums
 * (with {@code SELECT} or with {@code BOOLEAN}) is accepted.
 */
record KonfigTables(List<Tenant> tenants, List<User> users, List<ApiKey> apiKeys, List<Namespace> namespaces,
		List<Config> configs, List<History> history) {

	record Tenant(UUID id, String name, Boolean active, Instant createdAt) {
	}

	record User(UUID id, UUID tenantId, String email, String passwordHash, String fullName, String role,
			Boolean active, Instant createdAt) {
	}

	record ApiKey(UUID id, UUID tenantId, String name, String keyHash, String prefix, String scopes, Boolean active,
			Instant lastUsedAt, Instant expiresAt, UUID createdBy, Instant createdAt) {
	}

	record Namespace(UUID id, UUID tenantId, String name, String description, Instant createdAt) {
	}

	record Config(UUID id, UUID namespaceId, String key, String value, String valueType, String validationSchema,
			String description, Boolean secret, int version, UUID createdBy, Instant createdAt, Instant updatedAt) {
	}

	record History(UUID id, UUID configId, String value, int version, String changeType, UUID changedBy,
			Instant changedAt) {
	}

	static KonfigTables read(Connection connection) throws SQLException {
		return new KonfigTables(
				rows(connection, "SELECT id, name, is_active, created_at FROM tenants ORDER BY created_at, id",
						row -> new Tenant(uuid(row, "id"), row.getString("name"), bool(row, "is_active"),
								instant(row, "created_at"))),
				rows(connection,
						"SELECT id, tenant_id, email, hashed_password, full_name, role::text AS role, is_active, "
								+ "created_at FROM users ORDER BY created_at, id",
						row -> new User(uuid(row, "id"), uuid(row, "tenant_id"), row.getString("email"),
								row.getString("hashed_password"), row.getString("full_name"),
								lower(row.getString("role")), bool(row, "is_active"), instant(row, "created_at"))),
				rows(connection,
						"SELECT id, tenant_id, name, key_hash, prefix, scopes, is_active, last_used_at, expires_at, "
								+ "created_by, created_at FROM api_keys ORDER BY created_at, id",
						row -> new ApiKey(uuid(row, "id"), uuid(row, "tenant_id"), row.getString("name"),
								row.getString("key_hash"), row.getString("prefix"), row.getString("scopes"),
								bool(row, "is_active"), instant(row, "last_used_at"), instant(row, "expires_at"),
								uuid(row, "created_by"), instant(row, "created_at"))),
				rows(connection,
						"SELECT id, tenant_id, name, description, created_at FROM namespaces ORDER BY created_at, id",
						row -> new Namespace(uuid(row, "id"), uuid(row, "tenant_id"), row.getString("name"),
								row.getString("description"), instant(row, "created_at"))),
				rows(connection,
						"SELECT id, namespace_id, key, value, value_type::text AS value_type, "
								+ "validation_schema::text AS validation_schema, description, is_secret::text AS is_secret, "
								+ "version, created_by, created_at, updated_at FROM configs ORDER BY namespace_id, key",
						row -> new Config(uuid(row, "id"), uuid(row, "namespace_id"), row.getString("key"),
								row.getString("value"), lower(row.getString("value_type")),
								row.getString("validation_schema"), row.getString("description"),
								bool(row, "is_secret"), row.getInt("version"), uuid(row, "created_by"),
								instant(row, "created_at"), instant(row, "updated_at"))),
				rows(connection,
						"SELECT id, config_id, value, version, change_type, changed_by, changed_at FROM config_history "
								+ "ORDER BY config_id, version, changed_at, id",
						row -> new History(uuid(row, "id"), uuid(row, "config_id"), row.getString("value"),
								row.getInt("version"), lower(row.getString("change_type")), uuid(row, "changed_by"),
								instant(row, "changed_at"))));
	}

}

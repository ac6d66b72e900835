package dev.konfig.importer.konfig;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

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

	private interface RowMapper<T> {

		T map(ResultSet row) throws SQLException;

	}

	private static <T> List<T> rows(Connection connection, String sql, RowMapper<T> mapper) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			List<T> result = new ArrayList<>();
			while (rows.next()) {
				result.add(mapper.map(rows));
			}
			return result;
		}
	}

	private static UUID uuid(ResultSet row, String column) throws SQLException {
		String text = row.getString(column);
		return text == null ? null : UUID.fromString(text);
	}

	private static String lower(String text) {
		return text == null ? null : text.trim().toLowerCase(Locale.ROOT);
	}

	/** A boolean, or konfig's string for one ('true', 'false', and PostgreSQL's 't', 'f'); null when unset. */
	static Boolean bool(ResultSet row, String column) throws SQLException {
		String text = row.getString(column);
		if (text == null) {
			return null;
		}
		return switch (text.trim().toLowerCase(Locale.ROOT)) {
			case "true", "t", "1", "yes", "y", "on" -> Boolean.TRUE;
			case "false", "f", "0", "no", "n", "off", "" -> Boolean.FALSE;
			default -> throw new SQLException("Column " + column + " holds '" + text + "', which is not a boolean");
		};
	}

	private static Instant instant(ResultSet row, String column) throws SQLException {
		int index = row.findColumn(column);
		ResultSetMetaData meta = row.getMetaData();
		if ("timestamptz".equals(meta.getColumnTypeName(index))) {
			OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
			return value == null ? null : value.toInstant();
		}
		LocalDateTime value = row.getObject(index, LocalDateTime.class);
		return value == null ? null : value.toInstant(ZoneOffset.UTC);
	}

}

package dev.konfig.importer.konfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.security.crypto.bcrypt.BCrypt;

import dev.konfig.platform.test.TestDatabase;

/**
 * A konfig database for tests: konfig's six tables as its Alembic migration and models describe
 * them (written here from that description), filled with generated data encrypted and hashed as
 * konfig did. What was generated comes back in plain form, so tests can check the import.
 */
public final class KonfigLegacyDatabase {

	/**
	 * konfig's migration created {@code configvaluetype} with {@code BOOLEAN}; its model says
	 * {@code SELECT}. Databases of both exist.
	 */
	public enum ValueTypeEnum {

		MIGRATION("'STRING', 'NUMBER', 'BOOLEAN', 'JSON'"), MODEL("'STRING', 'NUMBER', 'SELECT', 'JSON'");

		private final String labels;

		ValueTypeEnum(String labels) {
			this.labels = labels;
		}

	}

	public record Tenant(UUID id, String name) {
	}

	public record User(UUID id, UUID tenantId, String email, String password, String role) {
	}

	public record ApiKey(UUID id, UUID tenantId, String key, String scopes) {
	}

	public record Namespace(UUID id, UUID tenantId, String name) {
	}

	/**
	 * @param values the value of each version as konfig's API showed it (index 0 = version 1), as
	 * JSON text of the suite's type
	 */
	public record Config(UUID id, Namespace namespace, String key, String valueType, boolean secret,
			List<String> values) {

		public int version() {
			return this.values.size();
		}

		public String value() {
			return this.values.get(this.values.size() - 1);
		}

	}

	public record Data(String databaseName, String encryptionKey, List<Tenant> tenants, List<User> users,
			List<ApiKey> apiKeys, List<Namespace> namespaces, List<Config> configs, int historyRows) {

		/** The {@code --from} of this database. */
		public String url() {
			TestDatabase server = TestDatabase.get();
			return "postgresql://" + server.user() + "@" + server.host() + ":" + server.port() + "/"
					+ this.databaseName;
		}

	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final LocalDateTime START = LocalDateTime.of(2025, 3, 1, 9, 0);

	private KonfigLegacyDatabase() {
	}

	/**
	 * A fresh database {@code name} (dropped first) with {@code tenants} tenants, {@code users}
	 * users, {@code apiKeys} keys, {@code configs} configs over two namespaces per tenant, and
	 * {@code 4 * configs} history rows (versions 2 to 6, cycling); every fourth config is secret.
	 */
	public static Data create(String name, ValueTypeEnum valueTypes, String encryptionKey, int tenants, int users,
			int apiKeys, int configs) throws SQLException {
		TestDatabase database = TestDatabase.fresh(name);
		String tag = Long.toHexString(RANDOM.nextLong() & 0xffffffffL);
		try (Connection connection = database.connect()) {
			schema(connection, valueTypes);
			List<Tenant> tenantRows = new ArrayList<>();
			for (int i = 0; i < tenants; i++) {
				Tenant tenant = new Tenant(UUID.randomUUID(), "Legacy " + tag + " Tenant " + i);
				insert(connection, "INSERT INTO tenants (id, name, is_active, settings, created_at) VALUES (?, ?, true, '{}', ?)",
						tenant.id(), tenant.name(), at(i));
				tenantRows.add(tenant);
			}
			List<User> userRows = new ArrayList<>();
			for (int i = 0; i < users; i++) {
				Tenant tenant = tenantRows.get(i % tenants);
				String role = i < tenants ? "OWNER" : (i % 2 == 0 ? "ADMIN" : "MEMBER");
				String password = "legacy-password-" + i + "-" + randomText(8);
				User user = new User(UUID.randomUUID(), tenant.id(), "legacy-" + tag + "-" + i + "@example.com",
						password, role.toLowerCase());
				insert(connection, "INSERT INTO users (id, tenant_id, email, hashed_password, full_name, role, is_active, "
						+ "created_at, updated_at) VALUES (?, ?, ?, ?, ?, CAST(? AS userrole), true, ?, ?)", user.id(),
						tenant.id(), user.email(), konfigPasswordHash(password), i % 3 == 0 ? null : "Legacy User " + i,
						role, at(i), at(i));
				userRows.add(user);
			}
			List<ApiKey> keyRows = new ArrayList<>();
			for (int i = 0; i < apiKeys; i++) {
				Tenant tenant = tenantRows.get(i % tenants);
				String key = "konfig_" + randomText(32);
				String scopes = i % 2 == 0 ? "read" : "read,write";
				// konfig's code hashed keys like passwords; one key is hashed plainly, as its docs say.
				String hash = i == 1 ? BCrypt.hashpw(key, BCrypt.gensalt("$2b", 4))
						: konfigPasswordHash(key);
				UUID keyId = UUID.randomUUID();
				insert(connection, "INSERT INTO api_keys (id, tenant_id, name, key_hash, prefix, scopes, is_active, "
						+ "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, true, ?, ?)", keyId, tenant.id(),
						"legacy key " + i, hash, key.substring(0, 12), scopes, userRows.get(i % tenants).id(), at(i));
				keyRows.add(new ApiKey(keyId, tenant.id(), key, scopes));
			}
			List<Namespace> namespaceRows = new ArrayList<>();
			for (Tenant tenant : tenantRows) {
				for (String suffix : List.of("payments", "search")) {
					Namespace namespace = new Namespace(UUID.randomUUID(), tenant.id(), suffix);
					insert(connection, "INSERT INTO namespaces (id, tenant_id, name, description, created_at) "
							+ "VALUES (?, ?, ?, ?, ?)", namespace.id(), tenant.id(), namespace.name(),
							"imported " + suffix, at(0));
					namespaceRows.add(namespace);
				}
			}
			List<Config> configRows = new ArrayList<>();
			int history = 0;
			for (int i = 0; i < configs; i++) {
				Namespace namespace = namespaceRows.get(i % namespaceRows.size());
				String type = switch (i % 4) {
					case 0 -> "STRING";
					case 1 -> "NUMBER";
					case 2 -> valueTypes == ValueTypeEnum.MIGRATION ? "BOOLEAN" : "SELECT";
					default -> "JSON";
				};
				int versions = 2 + (i % 5);
				boolean secret = i % 4 == 0;
				List<String> stored = new ArrayList<>();
				List<String> shown = new ArrayList<>();
				for (int v = 1; v <= versions; v++) {
					String[] pair = value(type, i, v);
					stored.add(pair[0]);
					shown.add(pair[1]);
				}
				UUID configId = UUID.randomUUID();
				String schema = "SELECT".equals(type)
						? "{\"min_length\": null, \"max_length\": null, \"pattern\": null, \"min_value\": null, "
								+ "\"max_value\": null, \"options\": [\"blue\", \"green\", \"red\"], \"json_schema\": null}"
						: null;
				insert(connection, "INSERT INTO configs (id, namespace_id, key, value, value_type, validation_schema, "
						+ "description, is_secret, version, created_by, created_at, updated_at) "
						+ "VALUES (?, ?, ?, ?, CAST(? AS configvaluetype), CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)", configId,
						namespace.id(), "setting_" + i, FernetTokens.konfigValue(encryptionKey, stored.get(versions - 1)),
						type, schema, "setting " + i, secret ? "true" : "false", versions, namespace.tenantId(), at(i),
						at(i + versions));
				for (int v = 1; v <= versions; v++) {
					insert(connection, "INSERT INTO config_history (id, config_id, value, version, change_type, "
							+ "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), configId,
							FernetTokens.konfigValue(encryptionKey, stored.get(v - 1)), v, v == 1 ? "create" : "update",
							namespace.tenantId(), at(i + v));
					history++;
				}
				configRows.add(new Config(configId, namespace, "setting_" + i, type.toLowerCase(), secret, shown));
			}
			return new Data(name, encryptionKey, tenantRows, userRows, keyRows, namespaceRows, configRows, history);
		}
	}

	/** konfig's text of version {@code v} of config {@code i}, and the suite's JSON of it. */
	private static String[] value(String type, int i, int v) {
		return switch (type) {
			case "STRING" -> {
				String text = "value " + i + " v" + v + " ✓";
				yield new String[] { text, quote(text) };
			}
			case "NUMBER" -> (v % 2 == 0) ? new String[] { (i * 100 + v) + ".5", (i * 100 + v) + ".5" }
					: new String[] { Integer.toString(i * 100 + v), Integer.toString(i * 100 + v) };
			// Python's str(True) and str(False).
			case "BOOLEAN" -> (v % 2 == 0) ? new String[] { "True", "true" } : new String[] { "False", "false" };
			case "SELECT" -> {
				String option = List.of("blue", "green", "red").get(v % 3);
				yield new String[] { option, quote(option) };
			}
			default -> {
				String json = "{\"limit\":" + (i + v) + ",\"tags\":[\"a\",\"b\"]}";
				yield new String[] { json, json };
			}
		};
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	/** konfig's password scheme: bcrypt over base64(SHA-256(password)) (passlib's $2b$). */
	public static String konfigPasswordHash(String password) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
			return BCrypt.hashpw(Base64.getEncoder().encodeToString(digest), BCrypt.gensalt("$2b", 4));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String randomText(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static Timestamp at(int minutes) {
		return Timestamp.valueOf(START.plusMinutes(minutes));
	}

	private static void insert(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			statement.executeUpdate();
		}
	}

	/** konfig's tables, after its Alembic migration's description (types, defaults, keys). */
	private static void schema(Connection connection, ValueTypeEnum valueTypes) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TYPE userrole AS ENUM ('OWNER', 'ADMIN', 'MEMBER')");
			statement.execute("CREATE TYPE configvaluetype AS ENUM (" + valueTypes.labels + ")");
			statement.execute("""
					CREATE TABLE tenants (
					    id uuid PRIMARY KEY,
					    name varchar(255) NOT NULL UNIQUE,
					    is_active boolean NOT NULL DEFAULT true,
					    settings jsonb NOT NULL DEFAULT '{}',
					    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
					    updated_at timestamp)""");
			statement.execute("""
					CREATE TABLE users (
					    id uuid PRIMARY KEY,
					    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
					    email varchar(255) NOT NULL UNIQUE,
					    hashed_password varchar(255) NOT NULL,
					    full_name varchar(255),
					    role userrole NOT NULL,
					    is_active boolean NOT NULL DEFAULT true,
					    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
					    updated_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)""");
			statement.execute("""
					CREATE TABLE api_keys (
					    id uuid PRIMARY KEY,
					    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
					    name varchar(255) NOT NULL,
					    key_hash varchar(255) NOT NULL UNIQUE,
					    prefix varchar(20) NOT NULL,
					    scopes text NOT NULL DEFAULT 'read',
					    is_active boolean NOT NULL DEFAULT true,
					    last_used_at timestamp,
					    expires_at timestamp,
					    created_by uuid,
					    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)""");
			statement.execute("""
					CREATE TABLE namespaces (
					    id uuid PRIMARY KEY,
					    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
					    name varchar(255) NOT NULL,
					    description text,
					    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
					    updated_at timestamp,
					    UNIQUE (tenant_id, name))""");
			statement.execute("""
					CREATE TABLE configs (
					    id uuid PRIMARY KEY,
					    namespace_id uuid NOT NULL REFERENCES namespaces (id) ON DELETE CASCADE,
					    key varchar(255) NOT NULL,
					    value text NOT NULL,
					    value_type configvaluetype NOT NULL,
					    validation_schema jsonb,
					    description text,
					    is_secret varchar(10) NOT NULL DEFAULT 'false',
					    version integer NOT NULL DEFAULT 1,
					    created_by uuid,
					    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
					    updated_at timestamp,
					    UNIQUE (namespace_id, key))""");
			statement.execute("""
					CREATE TABLE config_history (
					    id uuid PRIMARY KEY,
					    config_id uuid NOT NULL REFERENCES configs (id) ON DELETE CASCADE,
					    value text NOT NULL,
					    version integer NOT NULL,
					    change_type varchar(50) NOT NULL,
					    changed_by uuid,
					    changed_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)""");
		}
	}

}

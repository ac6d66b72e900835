package dev.konfig.platform.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server integration tests run against: the one named by {@code KONFIG_DB_*}
 * (127.0.0.1:5432, user postgres, by default) when it answers, otherwise a Testcontainers
 * PostgreSQL where Docker is available. Tests use their own database ({@code konfig_test}
 * unless {@code KONFIG_TEST_DB_NAME} says otherwise), created when missing.
 */
public final class TestDatabase {

	private static volatile TestDatabase instance;

	private final String host;

	private final int port;

	private final String user;

	private final String password;

	private final String database;

	private TestDatabase(String host, int port, String user, String password, String database) {
		this.host = host;
		this.port = port;
		this.user = user;
		this.password = password;
		this.database = database;
	}

	public static TestDatabase get() {
		if (instance == null) {
			synchronized (TestDatabase.class) {
				if (instance == null) {
					instance = locate();
				}
			}
		}
		return instance;
	}

	/**
	 * A database of its own, dropped and created anew on the same server, for suites that
	 * start whole services and want no rows from earlier runs (the end-to-end tests).
	 */
	public static TestDatabase fresh(String database) throws SQLException {
		TestDatabase server = get();
		String adminUrl = "jdbc:postgresql://" + server.host + ":" + server.port + "/postgres";
		try (Connection connection = DriverManager.getConnection(adminUrl, server.user, server.password);
				Statement statement = connection.createStatement()) {
			String quoted = "\"" + database.replace("\"", "\"\"") + "\"";
			statement.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + quoted);
		}
		return new TestDatabase(server.host, server.port, server.user, server.password, database);
	}

	/**
	 * Points a service's R2DBC connection and its Flyway migrations at the test database, in
	 * the service's own schema.
	 */
	public static void register(DynamicPropertyRegistry registry, String schema) {
		TestDatabase db = get();
		registry.add("spring.r2dbc.url", () -> db.r2dbcUrl(schema));
		registry.add("spring.r2dbc.username", db::user);
		registry.add("spring.r2dbc.password", db::password);
		registry.add("spring.flyway.url", db::jdbcUrl);
		registry.add("spring.flyway.user", db::user);
		registry.add("spring.flyway.password", db::password);
		registry.add("spring.flyway.schemas", () -> schema);
		registry.add("spring.flyway.default-schema", () -> schema);
		registry.add("spring.flyway.create-schemas", () -> "true");
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	public String database() {
		return this.database;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

	public String r2dbcUrl(String schema) {
		return "r2dbc:postgresql://" + this.host + ":" + this.port + "/" + this.database + "?schema=" + schema;
	}

	/** A plain JDBC connection, for tests that look at rows directly. */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), this.user, this.password);
	}

	/** The single number a query answers ({@code SELECT count(*) ...}), with {@code ?} parameters. */
	public long number(String sql, Object... parameters) {
		try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TestDatabase locate() {
		String host = env("KONFIG_DB_HOST", "127.0.0.1");
		int port = Integer.parseInt(env("KONFIG_DB_PORT", "5432"));
		String user = env("KONFIG_DB_USER", "postgres");
		String password = env("KONFIG_DB_PASSWORD", "");
		String database = env("KONFIG_TEST_DB_NAME", "konfig_test");
		try {
			ensureDatabase(host, port, user, password, database);
			return new TestDatabase(host, port, user, password, database);
		}
		catch (SQLException unreachable) {
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				throw new IllegalStateException("No PostgreSQL answers at " + host + ":" + port
						+ " and Docker is not available; start PostgreSQL or set KONFIG_DB_*", unreachable);
			}
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine").withDatabaseName(database);
			container.start();
			return new TestDatabase(container.getHost(), container.getMappedPort(5432), container.getUsername(),
					container.getPassword(), database);
		}
	}

	private static void ensureDatabase(String host, int port, String user, String password, String database)
			throws SQLException {
		String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres?connectTimeout=3";
		try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
				Statement statement = connection.createStatement()) {
			try (ResultSet rows = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
				if (rows.next()) {
					return;
				}
			}
			try {
				statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
			}
			catch (SQLException raced) {
				// Another test JVM created it first: PostgreSQL reports duplicate_database (42P04).
				if (!"42P04".equals(raced.getSQLState()) && !"23505".equals(raced.getSQLState())) {
					throw raced;
				}
			}
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}

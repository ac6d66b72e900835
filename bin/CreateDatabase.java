import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Creates the suite's database when it is missing, for machines without psql. Run by bin/suite
 * as a single-file program: {@code java -cp postgresql.jar bin/CreateDatabase.java}. Reads the
 * same KONFIG_DB_* variables as the services.
 */
public class CreateDatabase {

	public static void main(String[] args) throws SQLException {
		String host = env("KONFIG_DB_HOST", "127.0.0.1");
		String port = env("KONFIG_DB_PORT", "5432");
		String name = env("KONFIG_DB_NAME", "konfig");
		Properties credentials = new Properties();
		credentials.setProperty("user", env("KONFIG_DB_USER", "postgres"));
		credentials.setProperty("password", env("KONFIG_DB_PASSWORD", ""));
		credentials.setProperty("connectTimeout", "5");
		// CREATE DATABASE cannot run in the target database, so connect to the maintenance one.
		String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, credentials)) {
			if (exists(connection, name)) {
				return;
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + quoteIdentifier(name));
			}
			System.out.println("Created database " + name);
		}
	}

	private static boolean exists(Connection connection, String name) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			query.setString(1, name);
			try (ResultSet result = query.executeQuery()) {
				return result.next();
			}
		}
	}

	/** Identifiers cannot be bound as parameters; double quotes with doubled quotes are safe. */
	private static String quoteIdentifier(String name) {
		return '"' + name.replace("\"", "\"\"") + '"';
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isEmpty()) ? fallback : value;
	}

}

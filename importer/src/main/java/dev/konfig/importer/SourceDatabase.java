package dev.konfig.importer;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The database an import reads, given as {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB}
 * (libpq's form; {@code PGPASSWORD} supplies a password the URL leaves out). It is only read,
 * in one read-only repeatable-read transaction, so every table is seen at the same moment.
 */
public record SourceDatabase(String host, int port, String database, String user, String password) {

	public static SourceDatabase parse(String url, String fallbackPassword) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("--from is not a URL: " + ex.getMessage());
		}
		if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
			throw new IllegalArgumentException("--from must be postgresql://USER@HOST:PORT/DB");
		}
		String path = uri.getRawPath();
		if (uri.getHost() == null || path == null || path.length() < 2) {
			throw new IllegalArgumentException("--from must name a host and a database: postgresql://USER@HOST:PORT/DB");
		}
		String user = "postgres";
		String password = fallbackPassword;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			user = decode(parts[0]);
			if (parts.length == 2) {
				password = decode(parts[1]);
			}
		}
		return new SourceDatabase(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, decode(path.substring(1)),
				user, password);
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/** A read-only connection in a repeatable-read transaction (one snapshot of every table). */
	public Connection open() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.user);
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		properties.setProperty("ApplicationName", "konfig-importer");
		Connection connection = DriverManager.getConnection(jdbcUrl(), properties);
		connection.setAutoCommit(false);
		connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
		connection.setReadOnly(true);
		return connection;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

	/** Without the password. */
	@Override
	public String toString() {
		return "postgresql://" + this.user + "@" + this.host + ":" + this.port + "/" + this.database;
	}

}

package dev.konfig.importer;

import java.sql.Array;
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
 * Reading a source's tables over JDBC, as the old products wrote them: naive {@code timestamp}
 * columns hold UTC (a column migrated to {@code timestamptz} is read as such), boolean columns
 * may hold booleans or their strings, enums are read as text.
 */
public final class SourceRows {

	private SourceRows() {
	}

	public interface RowMapper<T> {

		T map(ResultSet row) throws SQLException;

	}

	/** Every row of the query, mapped (read whole, so no statement runs while rows stream). */
	public static <T> List<T> rows(Connection connection, String sql, RowMapper<T> mapper) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			List<T> result = new ArrayList<>();
			while (rows.next()) {
				result.add(mapper.map(rows));
			}
			return result;
		}
	}

	/** Whether the table exists in the source (optional tables of older installations). */
	public static boolean hasTable(Connection connection, String table) throws SQLException {
		return !rows(connection, "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
				+ "AND table_name = '" + table.replace("'", "''") + "'", row -> true).isEmpty();
	}

	/** Whether the table has the column (columns a migration step may not have added). */
	public static boolean hasColumn(Connection connection, String table, String column) throws SQLException {
		return !rows(connection, "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
				+ "AND table_name = '" + table.replace("'", "''") + "' AND column_name = '" + column.replace("'", "''")
				+ "'", row -> true).isEmpty();
	}

	public static UUID uuid(ResultSet row, String column) throws SQLException {
		String text = row.getString(column);
		return text == null ? null : UUID.fromString(text);
	}

	/** A {@code uuid[]} column; empty when null. */
	public static List<UUID> uuids(ResultSet row, String column) throws SQLException {
		Array array = row.getArray(column);
		List<UUID> ids = new ArrayList<>();
		if (array != null) {
			for (Object id : (Object[]) array.getArray()) {
				if (id != null) {
					ids.add(UUID.fromString(id.toString()));
				}
			}
		}
		return ids;
	}

	public static String lower(String text) {
		return text == null ? null : text.trim().toLowerCase(Locale.ROOT);
	}

	/** A boolean, or a string for one ('true', 'false', and PostgreSQL's 't', 'f'); null when unset. */
	public static Boolean bool(ResultSet row, String column) throws SQLException {
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

	public static Instant instant(ResultSet row, String column) throws SQLException {
		int index = row.findColumn(column);
		ResultSetMetaData meta = row.getMetaData();
		if ("timestamptz".equals(meta.getColumnTypeName(index))) {
			OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
			return value == null ? null : value.toInstant();
		}
		LocalDateTime value = row.getObject(index, LocalDateTime.class);
		return value == null ? null : value.toInstant(ZoneOffset.UTC);
	}

	/** An instant as the suite's APIs take it; null stays null. */
	public static String text(Instant instant) {
		return instant == null ? null : instant.toString();
	}

}

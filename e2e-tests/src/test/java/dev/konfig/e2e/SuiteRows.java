package dev.konfig.e2e;

import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reading the suite's database from a test: what an import wrote, or did not write. */
final class SuiteRows {

	private SuiteRows() {
	}

	/** {@code ('id', 'id', ...)} for an {@code IN}. */
	static String ids(Collection<UUID> ids) {
		return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ", "(", ")"));
	}

	static long number(String sql) {
		return Suite.get().database().number(sql);
	}

	/** The first column of the first row. */
	static String text(String sql) {
		try (var connection = Suite.get().database().connect(); var statement = connection.createStatement();
				var rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getString(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package dev.konfig.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the suite has stored, as one comparable value: a digest (a sum of row hashes) of every row of every service's
 * tables and the position of every sequence. Two equal states mean a request wrote nothing:
 * no row added, changed or removed in any schema, no event appended to any outbox.
 *
 * <p>
 * Left out is only what changes without a client's change: delivery bookkeeping and consumed
 * events of the event backbone (taken after {@link #awaitQuiet} has let them settle), the login
 * throttle's counters, signing keys, projections of other services' events, and the time a key
 * or user was last seen.
 */
final class SuiteState {

	private static final Set<String> BOOKKEEPING = Set.of("flyway_schema_history", "outbox", "outbox_deliveries",
			"consumed_events", "login_failures", "signing_keys", "organization_status", "event_republications");

	private static final List<String> VOLATILE_COLUMNS = List.of("last_used_at", "last_login_at");

	private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema", "public",
			"pg_toast");

	private static Connection connection;

	private static String digestQuery;

	private static List<String> outboxSchemas;

	private SuiteState() {
	}

	/** Table or sequence name to its digest or position. */
	static Map<String, String> snapshot() {
		try (Statement statement = connection().createStatement()) {
			Map<String, String> state = new TreeMap<>();
			String digests = digestQuery(statement);
			if (!digests.isEmpty()) {
				try (ResultSet digest = statement.executeQuery(digests)) {
					while (digest.next()) {
						state.put(digest.getString(1), digest.getLong(2) + " rows " + digest.getString(3));
					}
				}
			}
			try (ResultSet sequences = statement.executeQuery("""
					SELECT schemaname, sequencename, coalesce(last_value, 0) FROM pg_sequences
					WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'public')
					  AND sequencename NOT LIKE 'login_failures%'""")) {
				while (sequences.next()) {
					state.put("sequence " + sequences.getString(1) + "." + sequences.getString(2),
							Long.toString(sequences.getLong(3)));
				}
			}
			return state;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The suite's state could not be read", ex);
		}
	}

	/**
	 * One query giving a digest per table: the tables are read from the catalogue once per run (every
	 * schema is migrated before the first test), as the catalogue alone costs about 20 ms.
	 */
	private static synchronized String digestQuery(Statement statement) throws SQLException {
		if (digestQuery != null) {
			return digestQuery;
		}
		List<String> tables = new ArrayList<>();
		Set<String> withVolatileColumns = new java.util.HashSet<>();
		try (ResultSet rows = statement.executeQuery("""
				SELECT t.table_schema, t.table_name, bool_or(c.column_name = ANY(ARRAY['%s']))
				FROM information_schema.tables t JOIN information_schema.columns c
				  ON c.table_schema = t.table_schema AND c.table_name = t.table_name
				WHERE t.table_type = 'BASE TABLE' GROUP BY 1, 2 ORDER BY 1, 2"""
			.formatted(String.join("','", VOLATILE_COLUMNS)))) {
			while (rows.next()) {
				if (!SYSTEM_SCHEMAS.contains(rows.getString(1)) && !BOOKKEEPING.contains(rows.getString(2))) {
					String table = quoted(rows.getString(1)) + "." + quoted(rows.getString(2));
					tables.add(table);
					if (rows.getBoolean(3)) {
						withVolatileColumns.add(table);
					}
				}
			}
		}
		String stripped = VOLATILE_COLUMNS.stream().map(column -> " - '" + column + "'").reduce("", String::concat);
		// A row's own text form costs a third of its JSON form; only tables with volatile columns
		// need the JSON form, to leave those columns out.
		digestQuery = tables.stream()
			.map(table -> "SELECT '" + table.replace("'", "''") + "', count(*), coalesce(sum(hashtextextended(r, 0)), 0)::text"
					+ " FROM (SELECT " + (withVolatileColumns.contains(table) ? "(to_jsonb(t)" + stripped + ")::text" : "t::text")
					+ " AS r FROM " + table + " t) rows")
			.collect(java.util.stream.Collectors.joining(" UNION ALL "));
		return digestQuery;
	}

	/**
	 * Waits until every outbox row has been fanned out and delivered, and every gang sheet that
	 * print-service's renderer will take has been rendered, so what subscribers and background
	 * workers do with earlier requests has happened before a state is taken.
	 */
	static void awaitQuiet(Duration bound) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (pendingEvents() + pendingRenders() > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(pendingEvents() + " events still undelivered and " + pendingRenders()
						+ " gang sheets still unrendered after " + bound);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** A snapshot taken once every event has been delivered. */
	static Map<String, String> quietSnapshot() {
		awaitQuiet(Duration.ofSeconds(30));
		return snapshot();
	}

	/** The tables and sequences that differ between two snapshots. */
	static Set<String> changes(Map<String, String> before, Map<String, String> after) {
		Set<String> names = new java.util.TreeSet<>(before.keySet());
		names.addAll(after.keySet());
		names.removeIf(name -> java.util.Objects.equals(before.get(name), after.get(name)));
		return names;
	}

	/** Whether a change is only an audit event recorded (its outbox position and audit's row). */
	static boolean auditOnly(String change) {
		return change.startsWith("\"audit\".") || (change.startsWith("sequence ") && change.endsWith(".outbox_seq"));
	}

	private static long pendingEvents() {
		try (Statement statement = connection().createStatement()) {
			long pending = 0;
			for (String schema : outboxSchemas(statement)) {
				try (ResultSet count = statement.executeQuery("SELECT (SELECT count(*) FROM " + schema
						+ ".outbox WHERE NOT fanned_out) + (SELECT count(*) FROM " + schema
						+ ".outbox_deliveries WHERE delivered_at IS NULL)")) {
					count.next();
					pending += count.getLong(1);
				}
			}
			return pending;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The outboxes could not be read", ex);
		}
	}

	/**
	 * The gang-sheet jobs print-service's renderer is working on or will claim (pending on an
	 * active printer that is not paused): rendering one writes a file and moves the job on.
	 */
	private static long pendingRenders() {
		try (Statement statement = connection().createStatement();
				ResultSet count = statement.executeQuery("""
						SELECT count(*) FROM print.print_jobs j JOIN print.printers p ON p.id = j.printer_id
						WHERE j.job_type = 'gang_sheets' AND (j.status = 'processing'
						   OR (j.status = 'pending' AND p.is_active AND NOT p.paused))""")) {
			count.next();
			return count.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("print-service's jobs could not be read", ex);
		}
	}

	private static synchronized List<String> outboxSchemas(Statement statement) throws SQLException {
		if (outboxSchemas == null) {
			List<String> schemas = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery(
					"SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox_deliveries'")) {
				while (rows.next()) {
					schemas.add(quoted(rows.getString(1)));
				}
			}
			outboxSchemas = List.copyOf(schemas);
		}
		return outboxSchemas;
	}

	/** One connection for every look at the state: the tests take thousands of them. */
	private static synchronized Connection connection() throws SQLException {
		if (connection == null || connection.isClosed()) {
			connection = Suite.get().database().connect();
		}
		return connection;
	}

	private static String quoted(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}

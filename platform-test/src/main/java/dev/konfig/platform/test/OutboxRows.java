package dev.konfig.platform.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The audit events a service has written to its own outbox, read straight from the table, and
 * the settings that keep them there: the relay runs as in production but delivers to a closed
 * port and retries only after an hour. Tests filter by entity or by a unique value so events of
 * other tests never interfere.
 */
public final class OutboxRows {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OutboxRows() {
	}

	/** Keeps every appended event pending in the outbox for the rest of the test run. */
	public static void keepPending(DynamicPropertyRegistry registry) {
		registry.add("konfig.outbox.audit-url", () -> "http://127.0.0.1:9");
		registry.add("konfig.outbox.initial-backoff", () -> "1h");
		registry.add("konfig.outbox.poll-interval", () -> "1h");
		registry.add("konfig.outbox.timeout", () -> "2s");
	}

	/** The payloads of the events about this entity in the schema's outbox, oldest first. */
	public static List<Map<String, Object>> forEntity(String schema, Object entityId) {
		return where(schema, "payload->>'entity_id' = ?", entityId.toString());
	}

	/** The payloads matching an SQL condition on {@code payload} with {@code ?} parameters. */
	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> where(String schema, String condition, String... values) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (String payload : raw(schema, condition, values)) {
			rows.add(JSON.readValue(payload, Map.class));
		}
		return rows;
	}

	/** The payloads as stored (JSON text), for checks on the whole document. */
	public static List<String> raw(String schema, String condition, String... values) {
		String sql = "SELECT payload::text FROM \"" + schema + "\".outbox WHERE " + condition
				+ " ORDER BY created_at, id";
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				statement.setString(i + 1, values[i]);
			}
			List<String> rows = new ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows.add(result.getString(1));
				}
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

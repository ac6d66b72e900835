package dev.konfig.tenant.organization;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.konfig.platform.test.TestDatabase;

/**
 * The events tenant-service has written to its outbox, read straight from the table. Tests
 * filter by entity or by a unique value so events of other tests never interfere.
 */
final class OutboxRows {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OutboxRows() {
	}

	/** The payloads of the events about this entity, oldest first. */
	static List<Map<String, Object>> forEntity(Object entityId) {
		return query("SELECT payload::text FROM tenant.outbox WHERE payload->>'entity_id' = ? ORDER BY created_at, id",
				entityId.toString());
	}

	/** The payloads of the events whose data carries this organization name. */
	static List<Map<String, Object>> naming(String name) {
		return query("SELECT payload::text FROM tenant.outbox WHERE payload->'event_data'->>'name' = ? "
				+ "ORDER BY created_at, id", name);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> query(String sql, String value) {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, value);
			List<Map<String, Object>> rows = new ArrayList<>();
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows.add(JSON.readValue(result.getString(1), Map.class));
				}
			}
			return rows;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package dev.konfig.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import dev.konfig.platform.test.TestDatabase;

/**
 * The events config-service has written to its outbox, read straight from the table. Tests
 * filter by entity or by a unique value so events of other tests never interfere.
 */
public final class OutboxRows {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OutboxRows() {
	}

	/** The payloads of the events about this entity, oldest first. */
	public static List<Map<String, Object>> forEntity(Object entityId) {
		return query("SELECT payload::text FROM config.outbox WHERE payload->>'entity_id' = ? ORDER BY created_at, id",
				entityId.toString());
	}

	/** The payloads of the events of this type in this organization, oldest first. */
	public static List<Map<String, Object>> ofOrganization(UUID organizationId) {
		return query("SELECT payload::text FROM config.outbox WHERE payload->>'organization_id' = ? "
				+ "ORDER BY created_at, id", organizationId.toString());
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

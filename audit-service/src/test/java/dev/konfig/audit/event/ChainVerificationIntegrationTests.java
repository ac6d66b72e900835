package dev.konfig.audit.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainVerificationIntegrationTests extends AuditIntegrationTest {

	@Test
	void namesTheFirstEventChangedInTheDatabase() throws Exception {
		UUID organization = UUID.randomUUID();
		List<Map<String, Object>> batch = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			batch.add(event(organization, "config.updated"));
		}
		ingest(batch).expectStatus().isOk();
		verify(organization).jsonPath("$.intact").isEqualTo(true).jsonPath("$.checked").isEqualTo(5);
		String tampered = (String) batch.get(2).get("id");

		try (Connection connection = TestDatabase.get().connect()) {
			// Even the superuser has to switch the trigger off; all in one transaction.
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("ALTER TABLE audit.events DISABLE TRIGGER events_append_only");
				statement.execute("UPDATE audit.events SET event_data = '{\"value\": \"changed\"}' WHERE id = '"
						+ tampered + "'");
				statement.execute("ALTER TABLE audit.events ENABLE TRIGGER events_append_only");
			}
			connection.commit();
		}

		verify(organization).jsonPath("$.intact").isEqualTo(false)
			.jsonPath("$.first_broken.id").isEqualTo(tampered)
			.jsonPath("$.first_broken.sequence").isEqualTo(3)
			.jsonPath("$.checked").isEqualTo(3);
	}

	@Test
	void refusesUpdatesAndDeletesOfStoredEvents() {
		UUID organization = UUID.randomUUID();
		Map<String, Object> event = event(organization, "user.deleted");
		ingest(List.of(event)).expectStatus().isOk();

		assertThatThrownBy(() -> execute("UPDATE audit.events SET outcome = 'failure' WHERE id = '" + event.get("id") + "'"))
			.isInstanceOf(SQLException.class).hasMessageContaining("append-only");
		assertThatThrownBy(() -> execute("DELETE FROM audit.events WHERE id = '" + event.get("id") + "'"))
			.isInstanceOf(SQLException.class).hasMessageContaining("append-only");
	}

	@Test
	void hashesEventDataIndependentlyOfKeyOrder() {
		UUID organization = UUID.randomUUID();
		Map<String, Object> event = event(organization, "config.created");
		event.put("event_data", new java.util.LinkedHashMap<>(Map.of("z", 1, "a", List.of(1, 2), "m", "x")));
		ingest(List.of(event)).expectStatus().isOk();

		verify(organization).jsonPath("$.intact").isEqualTo(true).jsonPath("$.checked").isEqualTo(1);
	}

	private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec verify(UUID organization) {
		return this.http.get()
			.uri("/api/v1/events/verify")
			.headers(headers -> headers.setBearerAuth(admin(organization)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}

package dev.konfig.audit.event;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class IngestionIntegrationTests extends AuditIntegrationTest {

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	@Test
	void storesARedeliveredBatchOnce() throws Exception {
		UUID organization = UUID.randomUUID();
		List<Map<String, Object>> batch = List.of(event(organization, "config.created"),
				event(organization, "config.updated"));

		ingest(batch).expectStatus().isOk().expectBody().jsonPath("$.stored").isEqualTo(2);
		ingest(batch).expectStatus().isOk().expectBody().jsonPath("$.received").isEqualTo(2).jsonPath("$.stored")
			.isEqualTo(0);

		assertThat(count("SELECT count(*) FROM audit.events WHERE organization_id = '" + organization + "'"))
			.isEqualTo(2);
		assertThat(count("SELECT max(sequence) FROM audit.events WHERE organization_id = '" + organization + "'"))
			.isEqualTo(2);
	}

	@Test
	void keepsTheChainWholeUnderConcurrentBatches() throws Exception {
		UUID organization = UUID.randomUUID();
		int requests = 8;
		int perRequest = 15;
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);
		Flux.range(0, requests).flatMap(i -> {
			List<Map<String, Object>> batch = new ArrayList<>();
			for (int j = 0; j < perRequest; j++) {
				batch.add(event(organization, "config.updated"));
			}
			return client.post()
				.uri("/internal/events")
				.headers(headers -> headers.setBearerAuth(serviceToken()))
				.bodyValue(Map.of("events", batch))
				.retrieve()
				.toBodilessEntity();
		}, requests).blockLast(java.time.Duration.ofSeconds(60));

		int total = requests * perRequest;
		assertThat(count("SELECT count(DISTINCT sequence) FROM audit.events WHERE organization_id = '" + organization
				+ "' AND sequence BETWEEN 1 AND " + total)).isEqualTo(total);
		this.http.get()
			.uri("/api/v1/events/verify")
			.headers(headers -> headers.setBearerAuth(admin(organization)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.intact").isEqualTo(true)
			.jsonPath("$.checked").isEqualTo(total)
			.jsonPath("$.first_broken").doesNotExist();
	}

	@Test
	void chainsEventsWithoutAnOrganizationUnderTheNilId() throws Exception {
		Map<String, Object> event = new java.util.HashMap<>(event(UUID.randomUUID(), "auth.login_failed"));
		event.remove("organization_id");
		event.remove("actor");
		event.put("outcome", "failure");

		ingest(List.of(event)).expectStatus().isOk().expectBody().jsonPath("$.stored").isEqualTo(1);

		assertThat(count("SELECT count(*) FROM audit.events WHERE id = '" + event.get("id")
				+ "' AND organization_id = '00000000-0000-0000-0000-000000000000' AND actor_id IS NULL")).isEqualTo(1);
	}

	@Test
	void refusesAUserTokenOnTheIngestionPath() {
		UUID organization = UUID.randomUUID();
		this.http.post()
			.uri("/internal/events")
			.headers(headers -> headers.setBearerAuth(tokens.user(UUID.randomUUID(), organization, Role.OWNER)))
			.bodyValue(Map.of("events", List.of(event(organization, "config.created"))))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void refusesAnEventWithoutAType() {
		Map<String, Object> event = new java.util.HashMap<>(event(UUID.randomUUID(), "config.created"));
		event.remove("event_type");

		ingest(List.of(event)).expectStatus().isEqualTo(HttpStatus.BAD_REQUEST);
	}

	static long count(String sql) throws Exception {
		try (Connection connection = TestDatabase.get().connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}

package dev.konfig.platform.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consuming side over real HTTP, with real tokens and the real PostgreSQL: a small service
 * that declares an {@link EventHandler} and nothing else gets {@code POST /internal/events},
 * which applies each event once, in the batch's order, in the handler's transaction.
 */
class EventReceiverIntegrationTests {

	private static final String SCHEMA = "consumer_test_" + UUID.randomUUID().toString().replace("-", "");

	private static ConfigurableApplicationContext service;

	private static WebClient http;

	@BeforeAll
	static void startService() throws Exception {
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + SCHEMA);
			statement.execute("SET search_path TO " + SCHEMA);
			statement.execute(OutboxTable.CONSUMED_EVENTS.sql());
			statement.execute("CREATE TABLE organizations (id uuid PRIMARY KEY, status text NOT NULL)");
		}
		TestDatabase db = TestDatabase.get();
		service = new SpringApplicationBuilder(ConsumingService.class).run("--server.port=0",
				"--spring.r2dbc.url=" + db.r2dbcUrl(SCHEMA), "--spring.r2dbc.username=" + db.user(),
				"--spring.r2dbc.password=" + db.password(), "--konfig.outbox.enabled=false",
				"--konfig.security.jwks-uri=" + TestTokens.get().jwksUri(),
				"--konfig.security.issuer=" + TestTokens.ISSUER, "--konfig.security.audience=" + TestTokens.AUDIENCE);
		int port = ((WebServerApplicationContext) service).getWebServer().getPort();
		http = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	@AfterAll
	static void stopService() throws Exception {
		if (service != null) {
			service.close();
		}
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
		}
	}

	@Test
	void appliesARedeliveredEventOnce() {
		UUID organization = UUID.randomUUID();
		AuditEvent created = event(organization, "organization.created");
		AuditEvent deactivated = event(organization, "organization.deactivated");
		AuditEvent deleted = event(organization, "organization.deleted");

		ResponseEntity<Map> first = deliver(service(), created, deactivated);
		// The publisher did not hear the answer and sends the batch again, with what followed.
		ResponseEntity<Map> again = deliver(service(), created, deactivated, deleted);

		assertThat(first.getStatusCode().value()).isEqualTo(200);
		assertThat(first.getBody()).containsEntry("applied", 2).containsEntry("duplicates", 0);
		assertThat(again.getStatusCode().value()).isEqualTo(200);
		assertThat(again.getBody()).containsEntry("applied", 1).containsEntry("duplicates", 2);
		assertThat(handler().applied).filteredOn(event -> organization.equals(event.organizationId()))
			.extracting(AuditEvent::id)
			.containsExactly(created.id(), deactivated.id(), deleted.id());
		assertThat(query("SELECT count(*) FROM consumed_events WHERE event_id IN ('" + created.id() + "', '"
				+ deactivated.id() + "', '" + deleted.id() + "')")).isEqualTo(3);
		assertThat(status(organization)).isEqualTo("deleted");
	}

	@Test
	void aFailingHandlerAnswers5xxSoThePublisherRetriesAndEarlierEventsStayApplied() {
		UUID organization = UUID.randomUUID();
		AuditEvent created = event(organization, "organization.created");
		AuditEvent failing = event(organization, "organization.deactivated");
		AuditEvent after = event(organization, "organization.activated");
		handler().failOn.add(failing.id());

		ResponseEntity<Map> refused = deliver(service(), created, failing, after);

		assertThat(refused.getStatusCode().is5xxServerError()).isTrue();
		assertThat(status(organization)).as("the event before it stays applied").isEqualTo("created");
		assertThat(query("SELECT count(*) FROM consumed_events WHERE event_id = '" + failing.id() + "'"))
			.as("rolled back with the handler's writes").isZero();
		assertThat(handler().applied).extracting(AuditEvent::id).doesNotContain(after.id());

		handler().failOn.clear();
		ResponseEntity<Map> resent = deliver(service(), created, failing, after);

		assertThat(resent.getStatusCode().value()).isEqualTo(200);
		assertThat(resent.getBody()).containsEntry("applied", 2).containsEntry("duplicates", 1);
		assertThat(status(organization)).isEqualTo("activated");
	}

	@Test
	void acknowledgesEventsNoHandlerWantsWithoutRecordingThem() {
		AuditEvent unwanted = event(UUID.randomUUID(), "config.updated");

		ResponseEntity<Map> answer = deliver(service(), unwanted);

		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(answer.getBody()).containsEntry("ignored", 1).containsEntry("applied", 0);
		assertThat(query("SELECT count(*) FROM consumed_events WHERE event_id = '" + unwanted.id() + "'")).isZero();
	}

	@Test
	void onlyServicesDeliverEvents() {
		AuditEvent event = event(UUID.randomUUID(), "organization.created");
		String user = TestTokens.get().user(UUID.randomUUID(), UUID.randomUUID(), Role.OWNER);

		assertThat(deliver(user, event).getStatusCode().value()).isEqualTo(403);
		assertThat(deliver(null, event).getStatusCode().value()).isEqualTo(401);
		assertThat(handler().applied).extracting(AuditEvent::id).doesNotContain(event.id());
	}

	@Test
	void refusesAMalformedBatch() {
		ResponseEntity<Map> answer = http.post()
			.uri("/internal/events")
			.headers(headers -> headers.setBearerAuth(service()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"events\":[{\"id\":\"not-a-uuid\"}]}")
			.retrieve()
			.onStatus(status -> true, response -> Mono.empty())
			.toEntity(Map.class)
			.block(Duration.ofSeconds(10));

		assertThat(answer.getStatusCode().value()).isEqualTo(400);
	}

	private static ResponseEntity<Map> deliver(String token, AuditEvent... events) {
		String body = Outbox.JSON.writeValueAsString(Map.of("events", List.of(events)));
		return http.post()
			.uri("/internal/events")
			.headers(headers -> {
				if (token != null) {
					headers.setBearerAuth(token);
				}
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.onStatus(status -> true, response -> Mono.empty())
			.toEntity(Map.class)
			.block(Duration.ofSeconds(10));
	}

	private static String service() {
		return TestTokens.get().service("tenant-service");
	}

	private static OrganizationStatus handler() {
		return service.getBean(OrganizationStatus.class);
	}

	private static AuditEvent event(UUID organization, String type) {
		return AuditEvent.of(organization, type, "organization", organization, AuditEvent.SUCCESS, Map.of());
	}

	private static String status(UUID organization) {
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT status FROM " + SCHEMA + ".organizations WHERE id = '" + organization + "'")) {
			return rows.next() ? rows.getString(1) : null;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long query(String sql) {
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute("SET search_path TO " + SCHEMA);
			try (ResultSet rows = statement.executeQuery(sql)) {
				return rows.next() ? rows.getLong(1) : -1;
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A service with a database and one handler, nothing of its own on the web. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ConsumingService {

		@Bean
		OrganizationStatus organizationStatus(DatabaseClient db) {
			return new OrganizationStatus(db);
		}

	}

	/** A projection of organization status, as auth-service keeps one; writes in the event's transaction. */
	static class OrganizationStatus implements EventHandler {

		final List<AuditEvent> applied = new CopyOnWriteArrayList<>();

		final Set<UUID> failOn = java.util.concurrent.ConcurrentHashMap.newKeySet();

		private final DatabaseClient db;

		OrganizationStatus(DatabaseClient db) {
			this.db = db;
		}

		@Override
		public Set<String> eventTypes() {
			return Set.of("organization.*");
		}

		@Override
		public Mono<Void> apply(AuditEvent event) {
			String status = event.eventType().substring("organization.".length());
			Mono<Void> write = this.db
				.sql("INSERT INTO organizations (id, status) VALUES (:id, :status) "
						+ "ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status")
				.bind("id", event.organizationId())
				.bind("status", status)
				.then();
			return write.then(Mono.defer(() -> this.failOn.contains(event.id())
					? Mono.error(new IllegalStateException("the projection is unavailable"))
					: Mono.fromRunnable(() -> this.applied.add(event))));
		}

	}

}

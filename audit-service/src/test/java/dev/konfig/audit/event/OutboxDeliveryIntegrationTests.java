package dev.konfig.audit.event;

import java.net.URI;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.outbox.OutboxProperties;
import dev.konfig.platform.outbox.OutboxRelay;
import dev.konfig.platform.outbox.OutboxTable;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract between platform-outbox and audit-service: a producing service's relay,
 * against this running service, with a service token.
 */
class OutboxDeliveryIntegrationTests extends AuditIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void storesWhatAProducersRelayDelivers() throws Exception {
		TestDatabase database = TestDatabase.get();
		String schema = "producer_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
			statement.execute("SET search_path TO " + schema);
			statement.execute(OutboxTable.DDL);
		}
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(ConnectionFactories.get(ConnectionFactoryOptions.parse(database.r2dbcUrl(schema))
				.mutate()
				.option(ConnectionFactoryOptions.USER, database.user())
				.option(ConnectionFactoryOptions.PASSWORD, database.password())
				.build()))
			.maxSize(4)
			.build());
		DatabaseClient db = DatabaseClient.create(pool);
		TransactionalOperator transactions = TransactionalOperator.create(new R2dbcTransactionManager(pool));
		OutboxRelay relay = new OutboxRelay(pool, db, transactions, OutboundClients.withBuiltInSettings(),
				() -> Mono.just(serviceToken()),
				new OutboxProperties(true, URI.create("http://127.0.0.1:" + this.port), 50, Duration.ofMillis(200),
						Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofHours(1)));
		UUID organization = UUID.randomUUID();
		try {
			relay.start();
			Outbox outbox = new Outbox(db);
			Flux.range(0, 120)
				.map(i -> AuditEvent.of(organization, "namespace.created", "namespace", "ns-" + i, AuditEvent.SUCCESS,
						Map.of("name", "ns-" + i))
					.withActor(new AuditEvent.Actor(UUID.randomUUID().toString(), "api_key")))
				.concatMap(event -> transactions.transactional(outbox.append(event)))
				.blockLast(Duration.ofSeconds(30));

			Instant deadline = Instant.now().plusSeconds(20);
			while (IngestionIntegrationTests.count(
					"SELECT count(*) FROM audit.events WHERE organization_id = '" + organization + "'") < 120) {
				assertThat(Instant.now()).isBefore(deadline);
				Thread.sleep(50);
			}
		}
		finally {
			relay.stop();
			pool.disposeLater().block(Duration.ofSeconds(10));
			try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA " + schema + " CASCADE");
			}
		}

		this.http.get()
			.uri("/api/v1/events/entities/namespace/ns-7")
			.headers(headers -> headers.setBearerAuth(admin(organization)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(1)
			.jsonPath("$[0].actor.type").isEqualTo("api_key")
			.jsonPath("$[0].event_data.name").isEqualTo("ns-7");
		this.http.get()
			.uri("/api/v1/events/verify")
			.headers(headers -> headers.setBearerAuth(admin(organization)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.intact").isEqualTo(true)
			.jsonPath("$.checked").isEqualTo(120);
	}

}

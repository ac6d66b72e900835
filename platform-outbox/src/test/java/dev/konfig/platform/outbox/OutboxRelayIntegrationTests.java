package dev.konfig.platform.outbox;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.security.KonfigSecurityProperties;
import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox and its relay against the real PostgreSQL and a stub audit-service. Each test
 * has a schema of its own, so tests neither see each other's rows nor each other's NOTIFYs.
 */
class OutboxRelayIntegrationTests {

	private static final Duration SLOW_POLL = Duration.ofMinutes(5);

	private final TestDatabase database = TestDatabase.get();

	private final List<OutboxRelay> relays = new ArrayList<>();

	private String schema;

	private ConnectionPool pool;

	private DatabaseClient db;

	private TransactionalOperator transactions;

	private Outbox outbox;

	private StubAuditService audit;

	@BeforeEach
	void createSchema() throws Exception {
		this.schema = "outbox_test_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + this.schema);
			statement.execute("SET search_path TO " + this.schema);
			statement.execute(OutboxTable.DDL);
		}
		this.pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(ConnectionFactories.get(ConnectionFactoryOptions.parse(this.database.r2dbcUrl(this.schema))
				.mutate()
				.option(ConnectionFactoryOptions.USER, this.database.user())
				.option(ConnectionFactoryOptions.PASSWORD, this.database.password())
				.build()))
			.initialSize(1)
			.maxSize(6)
			.build());
		this.db = DatabaseClient.create(this.pool);
		this.transactions = TransactionalOperator.create(new R2dbcTransactionManager(this.pool));
		this.outbox = new Outbox(this.db);
		this.audit = new StubAuditService();
	}

	@AfterEach
	void dropSchema() throws Exception {
		this.relays.forEach(OutboxRelay::stop);
		if (this.audit != null) {
			this.audit.close();
		}
		this.pool.disposeLater().block(Duration.ofSeconds(10));
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA " + this.schema + " CASCADE");
		}
	}

	@Test
	void deliversACommittedEventRightAfterCommitWithAServiceToken() throws Exception {
		startRelay(properties(SLOW_POLL, 100, Duration.ofSeconds(1)));
		// Once the relay LISTENs and its start-up round is over, only a NOTIFY can wake it before
		// the 5 minute poll.
		// In this database only: other runs on the same server listen too.
		await(Duration.ofSeconds(15), () -> query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND application_name = '" + PostgresNotifications.APPLICATION_NAME + "' AND query LIKE 'LISTEN%'") == 1);
		Thread.sleep(500);
		AuditEvent event = AuditEvent.of(UUID.randomUUID(), "config.updated", "config", UUID.randomUUID(),
				AuditEvent.SUCCESS, Map.of("key", "timeout", "value", "***"));

		long committed = System.nanoTime();
		this.transactions.transactional(this.outbox.append(event)).block(Duration.ofSeconds(10));

		await(Duration.ofSeconds(5), () -> this.audit.accepted().contains(event.id().toString()));
		// Far below the 5 minute poll: the commit's NOTIFY woke the relay (with room for a busy machine).
		Duration delay = Duration.ofNanos(this.audit.calls.get(0).nanos() - committed);
		assertThat(delay).isLessThan(Duration.ofSeconds(4));
		StubAuditService.Call call = this.audit.calls.get(0);
		assertThat(call.authorization()).isEqualTo("Bearer " + StubAuditService.TOKEN);
		var delivered = call.events().get(0);
		assertThat(delivered.get("event_type").asString()).isEqualTo("config.updated");
		assertThat(delivered.get("organization_id").asString()).isEqualTo(event.organizationId().toString());
		assertThat(delivered.get("occurred_at").asString()).isEqualTo(event.occurredAt().toString());
		assertThat(delivered.get("event_data").get("value").asString()).isEqualTo("***");
		await(Duration.ofSeconds(5), () -> query("SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL") == 1);
	}

	@Test
	void listensAgainAfterLosingItsConnection() throws Exception {
		startRelay(properties(SLOW_POLL, 100, Duration.ofSeconds(1)));
		Thread.sleep(1500);
		String listeners = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND query = 'LISTEN outbox' AND pid <> pg_backend_pid()";
		assertThat(query(listeners)).isPositive();

		// Only this suite's relays LISTEN on this test database; each of them reconnects.
		query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND query = 'LISTEN outbox' AND pid <> pg_backend_pid()");
		await(Duration.ofSeconds(10), () -> query(listeners) > 0);
		Thread.sleep(500);
		AuditEvent event = AuditEvent.of(UUID.randomUUID(), "user.updated", "user", UUID.randomUUID(),
				AuditEvent.SUCCESS, Map.of());
		long committed = System.nanoTime();
		this.transactions.transactional(this.outbox.append(event)).block(Duration.ofSeconds(10));

		await(Duration.ofSeconds(5), () -> this.audit.accepted().contains(event.id().toString()));
		assertThat(Duration.ofNanos(this.audit.calls.get(this.audit.calls.size() - 1).nanos() - committed))
			.isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void deliversNothingOfARolledBackTransaction() throws Exception {
		startRelay(properties(SLOW_POLL, 100, Duration.ofSeconds(1)));
		AuditEvent rolledBack = AuditEvent.of(UUID.randomUUID(), "config.deleted", "config", "a", AuditEvent.SUCCESS,
				Map.of());
		AuditEvent committed = AuditEvent.of(UUID.randomUUID(), "config.deleted", "config", "b", AuditEvent.SUCCESS,
				Map.of());

		Mono<Void> failingChange = this.outbox.append(rolledBack)
			.then(Mono.error(new IllegalStateException("the change failed")));
		this.transactions.transactional(failingChange).onErrorResume(IllegalStateException.class, ex -> Mono.empty())
			.block(Duration.ofSeconds(10));
		this.transactions.transactional(this.outbox.append(committed)).block(Duration.ofSeconds(10));

		await(Duration.ofSeconds(5), () -> this.audit.accepted().contains(committed.id().toString()));
		assertThat(this.audit.accepted()).doesNotContain(rolledBack.id().toString());
		assertThat(query("SELECT count(*) FROM outbox WHERE id = '" + rolledBack.id() + "'")).isZero();
	}

	@Test
	void keepsRowsAndRetriesWithBackoffWhileAuditServiceFails() throws Exception {
		this.audit.status = 503;
		startRelay(properties(Duration.ofMillis(200), 100, Duration.ofMillis(400)));
		AuditEvent event = AuditEvent.of(UUID.randomUUID(), "user.created", "user", UUID.randomUUID(),
				AuditEvent.SUCCESS, Map.of());

		this.transactions.transactional(this.outbox.append(event)).block(Duration.ofSeconds(10));

		// Attempts and backoff are kept per subscriber, audit-service being the only one here.
		await(Duration.ofSeconds(10), () -> query("SELECT attempts FROM outbox_deliveries WHERE subscriber = 'audit'") >= 3);
		assertThat(query("SELECT count(*) FROM outbox WHERE delivered_at IS NULL")).isEqualTo(1);
		assertThat(query("SELECT count(*) FROM outbox_deliveries d JOIN outbox o ON o.id = d.event_id "
				+ "WHERE d.next_attempt_at > o.created_at AND d.delivered_at IS NULL")).isEqualTo(1);
		List<Long> tries = this.audit.calls.stream().map(StubAuditService.Call::nanos).toList();
		// Half the initial backoff is the shortest jittered delay. Arrivals at the stub carry their
		// own scheduling noise on a loaded machine, so each gap gets a margin and their mean none.
		for (int i = 1; i < tries.size(); i++) {
			assertThat(Duration.ofNanos(tries.get(i) - tries.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(40));
		}
		assertThat(Duration.ofNanos((tries.get(tries.size() - 1) - tries.get(0)) / (tries.size() - 1)))
			.isGreaterThanOrEqualTo(Duration.ofMillis(90));

		this.audit.status = 200;

		await(Duration.ofSeconds(10), () -> this.audit.accepted().contains(event.id().toString()));
		await(Duration.ofSeconds(5), () -> query("SELECT count(*) FROM outbox WHERE delivered_at IS NOT NULL") == 1);
		assertThat(this.audit.accepted()).containsExactly(event.id().toString());
	}

	@Test
	void twoRelaysOnOneTableNeverDeliverTheSameRowTwice() throws Exception {
		int events = 300;
		this.audit.delayMillis = 30;
		Set<String> appended = new HashSet<>();
		Flux.range(0, events)
			.map(i -> AuditEvent.of(UUID.randomUUID(), "namespace.created", "namespace", i, AuditEvent.SUCCESS, Map.of()))
			.doOnNext(event -> appended.add(event.id().toString()))
			.concatMap(event -> this.transactions.transactional(this.outbox.append(event)))
			.then()
			.block(Duration.ofSeconds(60));

		OutboxRelay first = startRelay(properties(SLOW_POLL, 10, Duration.ofSeconds(1)));
		OutboxRelay second = startRelay(properties(SLOW_POLL, 10, Duration.ofSeconds(1)));
		first.wakeUp();
		second.wakeUp();

		await(Duration.ofSeconds(60), () -> this.audit.accepted().size() >= events);
		List<String> accepted = this.audit.accepted();
		assertThat(accepted).hasSize(events).doesNotHaveDuplicates();
		assertThat(Set.copyOf(accepted)).isEqualTo(appended);
		assertThat(this.audit.calls).allSatisfy(call -> assertThat(call.events()).hasSizeLessThanOrEqualTo(10));
		// The last batch is marked delivered when its transaction commits, just after the answer.
		await(Duration.ofSeconds(5), () -> query("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == 0);
	}

	private OutboxProperties properties(Duration pollInterval, int batchSize, Duration maxBackoff) {
		return new OutboxProperties(true, URI.create(this.audit.baseUrl()), batchSize, Duration.ofMillis(200),
				maxBackoff, pollInterval, Duration.ofSeconds(5), Duration.ofHours(1));
	}

	private OutboxRelay startRelay(OutboxProperties properties) {
		ServiceCredentials credentials = new ServiceCredentials(
				new KonfigSecurityProperties.Client("test-service", "secret", this.audit.baseUrl() + "/oauth2/token"));
		OutboxRelay relay = new OutboxRelay(this.pool, this.db, this.transactions, OutboundClients.withBuiltInSettings(),
				credentials::token, properties);
		relay.start();
		this.relays.add(relay);
		return relay;
	}

	private long query(String sql) {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("SET search_path TO " + this.schema);
			try (ResultSet rows = statement.executeQuery(sql)) {
				return rows.next() ? rows.getLong(1) : -1;
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Condition not met within " + timeout);
			}
			Thread.sleep(25);
		}
	}

}

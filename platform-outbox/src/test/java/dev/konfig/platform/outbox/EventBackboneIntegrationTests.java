package dev.konfig.platform.outbox;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.security.KonfigSecurityProperties;
import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox as the suite's event backbone, against the real PostgreSQL and real HTTP stub
 * subscribers: every subscriber gets the events it asked for, each once, in order per
 * organization, whatever the others do, across retries, replicas and the upgrade from the
 * audit-only outbox.
 */
class EventBackboneIntegrationTests {

	private static final Duration QUICK_POLL = Duration.ofMillis(200);

	private final TestDatabase database = TestDatabase.get();

	private final List<OutboxRelay> relays = new ArrayList<>();

	private String schema;

	private ConnectionPool pool;

	private DatabaseClient db;

	private TransactionalOperator transactions;

	private Outbox outbox;

	/** audit-service: every event. */
	private StubAuditService audit;

	/** A consuming service (auth-service's projection of organizations): organization.* only. */
	private StubAuditService auth;

	@BeforeEach
	void createSchema() throws Exception {
		this.schema = "backbone_test_" + UUID.randomUUID().toString().replace("-", "");
		execute("CREATE SCHEMA " + this.schema);
		this.pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(ConnectionFactories.get(ConnectionFactoryOptions.parse(this.database.r2dbcUrl(this.schema))
				.mutate()
				.option(ConnectionFactoryOptions.USER, this.database.user())
				.option(ConnectionFactoryOptions.PASSWORD, this.database.password())
				.build()))
			.initialSize(1)
			.maxSize(10)
			.build());
		this.db = DatabaseClient.create(this.pool);
		this.transactions = TransactionalOperator.create(new R2dbcTransactionManager(this.pool));
		this.outbox = new Outbox(this.db);
		this.audit = new StubAuditService();
		this.auth = new StubAuditService();
	}

	@AfterEach
	void dropSchema() throws Exception {
		this.relays.forEach(OutboxRelay::stop);
		this.audit.close();
		this.auth.close();
		this.pool.disposeLater().block(Duration.ofSeconds(10));
		execute("DROP SCHEMA " + this.schema + " CASCADE");
	}

	@Test
	void aSubscriberThatWasDownGetsItsEventsInOrderEachOnceWhileTheOtherIsNotHeldUp() throws Exception {
		execute(OutboxTable.DDL);
		this.auth.status = 503;
		startRelay(properties(5, Map.of("auth", subscriber(this.auth, "organization.*"))));
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		List<AuditEvent> events = List.of(event(first, "organization.created"), event(second, "organization.created"),
				event(first, "config.updated"), event(first, "organization.deactivated"),
				event(second, "user.created"), event(first, "organization.activated"),
				event(second, "organization.deactivated"), event(first, "organization.deleted"),
				event(null, "auth.login_failed"), event(second, "organization.deleted"));
		append(events);

		await(Duration.ofSeconds(15), () -> this.audit.accepted().size() >= events.size());
		await(Duration.ofSeconds(15), () -> failed(this.auth) >= 3);
		assertThat(this.auth.accepted()).as("nothing accepted while down").isEmpty();

		this.auth.status = 200;

		List<String> wanted = ids(events.stream().filter(event -> event.eventType().startsWith("organization.")).toList());
		await(Duration.ofSeconds(15), () -> this.auth.accepted().size() >= wanted.size());
		Thread.sleep(500);
		assertThat(this.auth.accepted()).as("each once, and only what auth asked for")
			.containsExactlyInAnyOrderElementsOf(wanted);
		assertThat(this.audit.accepted()).as("audit: every event once").containsExactlyInAnyOrderElementsOf(ids(events));
		assertInOrderPerOrganization(this.auth.acceptedEvents(), events);
		assertInOrderPerOrganization(this.audit.acceptedEvents(), events);
		await(Duration.ofSeconds(5), () -> query("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == 0);
	}

	@Test
	void keepsEachOrganizationsOrderAcrossRetries() throws Exception {
		execute(OutboxTable.DDL);
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		List<AuditEvent> events = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			events.add(event(first, "organization.step_" + i));
			events.add(event(second, "organization.step_" + i));
		}
		// The batch holding the first organization's 4th event fails twice; the events behind it
		// wait, though the second organization's move on.
		String stuck = events.get(6).id().toString();
		AtomicInteger refusals = new AtomicInteger();
		this.audit.answers = batch -> batch.stream().anyMatch(event -> event.get("id").asString().equals(stuck))
				&& refusals.getAndIncrement() < 2 ? 503 : 200;
		append(events);

		startRelay(properties(2, Map.of()));

		await(Duration.ofSeconds(20), () -> this.audit.accepted().size() >= events.size());
		Thread.sleep(300);
		assertThat(refusals.get()).isGreaterThanOrEqualTo(2);
		assertThat(this.audit.accepted()).containsExactlyInAnyOrderElementsOf(ids(events));
		assertInOrderPerOrganization(this.audit.acceptedEvents(), events);
	}

	@Test
	void twoReplicasUnderFailuresDeliverEachOrganizationsEventsInOrderAndOnce() throws Exception {
		execute(OutboxTable.DDL);
		List<UUID> organizations = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		List<AuditEvent> events = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			events.add(event(organizations.get(i % 3), "organization.step_" + i));
		}
		this.audit.delayMillis = 10;
		this.audit.answers = batch -> ThreadLocalRandom.current().nextInt(5) == 0 ? 503 : 200;
		this.auth.delayMillis = 10;
		append(events);

		OutboxProperties properties = properties(7, Map.of("auth", subscriber(this.auth, "organization.*")));
		startRelay(properties);
		startRelay(properties);

		await(Duration.ofSeconds(60), () -> this.audit.accepted().size() >= events.size()
				&& this.auth.accepted().size() >= events.size());
		Thread.sleep(500);
		assertThat(this.audit.accepted()).doesNotHaveDuplicates().hasSize(events.size());
		assertThat(this.auth.accepted()).doesNotHaveDuplicates().hasSize(events.size());
		assertInOrderPerOrganization(this.audit.acceptedEvents(), events);
		assertInOrderPerOrganization(this.auth.acceptedEvents(), events);
	}

	@Test
	void sendsNobodyWhatNobodyAskedFor() throws Exception {
		execute(OutboxTable.DDL);
		Map<String, OutboxProperties.Subscriber> subscribers = new LinkedHashMap<>();
		subscribers.put("audit", subscriber(this.audit, "config.*"));
		subscribers.put("auth", subscriber(this.auth, "organization.deleted"));
		startRelay(properties(10, subscribers));
		AuditEvent config = event(UUID.randomUUID(), "config.updated");
		AuditEvent nobodys = event(UUID.randomUUID(), "user.created");
		AuditEvent deleted = event(UUID.randomUUID(), "organization.deleted");
		AuditEvent created = event(UUID.randomUUID(), "organization.created");

		append(List.of(config, nobodys, deleted, created));

		await(Duration.ofSeconds(10), () -> this.audit.accepted().size() >= 1 && this.auth.accepted().size() >= 1);
		await(Duration.ofSeconds(5), () -> query("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == 0);
		assertThat(this.audit.accepted()).containsExactly(config.id().toString());
		assertThat(this.auth.accepted()).containsExactly(deleted.id().toString());
		assertThat(query("SELECT count(*) FROM outbox_deliveries WHERE event_id = '" + nobodys.id() + "'")).isZero();
	}

	@Test
	void deliversWhatTheAuditOnlyOutboxHeldAtTheUpgradeAndNothingTwice() throws Exception {
		execute(OutboxTable.OUTBOX.sql());
		UUID organization = UUID.randomUUID();
		AuditEvent alreadyDelivered = event(organization, "organization.created");
		AuditEvent pending = event(organization, "organization.deactivated");
		AuditEvent pendingOther = event(organization, "config.updated");
		// As the previous version wrote and delivered them.
		for (AuditEvent event : List.of(alreadyDelivered, pending, pendingOther)) {
			execute("INSERT INTO outbox (id, payload) VALUES ('" + event.id() + "', '"
					+ Outbox.json(event).replace("'", "''") + "')");
			Thread.sleep(5);
		}
		execute("UPDATE outbox SET delivered_at = now() WHERE id = '" + alreadyDelivered.id() + "'");

		execute(OutboxTable.EVENTS.sql());
		assertThat(query("SELECT count(*) FROM outbox WHERE event_type = 'organization.deactivated' "
				+ "AND organization_id = '" + organization + "'")).as("backfilled from the payload").isEqualTo(1);
		// A replica of the previous version still writes the old way during the rolling upgrade.
		AuditEvent writtenByAnOldReplica = event(organization, "organization.activated");
		execute("INSERT INTO outbox (id, payload) VALUES ('" + writtenByAnOldReplica.id() + "', '"
				+ Outbox.json(writtenByAnOldReplica).replace("'", "''") + "')");
		startRelay(properties(10, Map.of("auth", subscriber(this.auth, "organization.*"))));

		await(Duration.ofSeconds(10), () -> this.audit.accepted().size() >= 3 && this.auth.accepted().size() >= 2);
		Thread.sleep(500);
		assertThat(this.audit.accepted()).containsExactly(pending.id().toString(), pendingOther.id().toString(),
				writtenByAnOldReplica.id().toString());
		assertThat(this.auth.accepted()).containsExactly(pending.id().toString(),
				writtenByAnOldReplica.id().toString());
	}

	@Test
	void forgetsAnEventAfterRetentionOnlyOnceEverySubscriberHasIt() throws Exception {
		execute(OutboxTable.DDL);
		this.auth.status = 503;
		OutboxProperties properties = new OutboxProperties(true, URI.create(this.audit.baseUrl()),
				Map.of("auth", subscriber(this.auth, "organization.*")), 10, Duration.ofMillis(100),
				Duration.ofMillis(300), QUICK_POLL, Duration.ofSeconds(5), Duration.ofMillis(300));
		startRelay(properties);
		AuditEvent event = event(UUID.randomUUID(), "organization.deleted");

		append(List.of(event));

		await(Duration.ofSeconds(10), () -> this.audit.accepted().contains(event.id().toString()));
		Thread.sleep(1500);
		assertThat(query("SELECT count(*) FROM outbox")).as("kept while auth still waits for it").isEqualTo(1);
		assertThat(query("SELECT count(*) FROM outbox_deliveries WHERE delivered_at IS NOT NULL")).isEqualTo(1);

		this.auth.status = 200;

		await(Duration.ofSeconds(10), () -> this.auth.accepted().contains(event.id().toString()));
		await(Duration.ofSeconds(10), () -> query("SELECT count(*) FROM outbox") == 0);
		assertThat(query("SELECT count(*) FROM outbox_deliveries")).isZero();
	}

	private static void assertInOrderPerOrganization(List<JsonNode> accepted, List<AuditEvent> appended) {
		Map<String, List<String>> expected = new LinkedHashMap<>();
		Set<String> delivered = ConcurrentHashMap.newKeySet();
		accepted.forEach(event -> delivered.add(event.get("id").asString()));
		for (AuditEvent event : appended) {
			if (delivered.contains(event.id().toString())) {
				expected.computeIfAbsent(String.valueOf(event.organizationId()), key -> new ArrayList<>())
					.add(event.id().toString());
			}
		}
		Map<String, List<String>> actual = new LinkedHashMap<>();
		for (JsonNode event : accepted) {
			JsonNode organization = event.get("organization_id");
			String key = (organization == null || organization.isNull()) ? "null" : organization.asString();
			actual.computeIfAbsent(key, k -> new ArrayList<>()).add(event.get("id").asString());
		}
		assertThat(actual).as("event ids per organization, in arrival order").isEqualTo(expected);
	}

	private static long failed(StubAuditService subscriber) {
		return subscriber.calls.stream().filter(call -> call.status() >= 300).count();
	}

	private static List<String> ids(List<AuditEvent> events) {
		return events.stream().map(event -> event.id().toString()).toList();
	}

	private static AuditEvent event(UUID organization, String type) {
		return AuditEvent.of(organization, type, "organization", organization, AuditEvent.SUCCESS, Map.of("type", type));
	}

	/** One transaction per event, in order, as separate requests would. */
	private void append(List<AuditEvent> events) {
		Flux.fromIterable(events)
			.concatMap(event -> this.transactions.transactional(this.outbox.append(event)))
			.then()
			.block(Duration.ofSeconds(30));
	}

	private static OutboxProperties.Subscriber subscriber(StubAuditService stub, String... types) {
		return new OutboxProperties.Subscriber(URI.create(stub.baseUrl()), List.of(types));
	}

	private OutboxProperties properties(int batchSize, Map<String, OutboxProperties.Subscriber> subscribers) {
		return new OutboxProperties(true, URI.create(this.audit.baseUrl()), subscribers, batchSize,
				Duration.ofMillis(100), Duration.ofMillis(400), QUICK_POLL, Duration.ofSeconds(5), Duration.ofHours(1));
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

	private void execute(String sql) throws Exception {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			if (this.schema != null && !sql.startsWith("CREATE SCHEMA") && !sql.startsWith("DROP SCHEMA")) {
				statement.execute("SET search_path TO " + this.schema);
			}
			statement.execute(sql);
		}
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

package dev.konfig.platform.outbox;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.UnprocessableException;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keyed writes against the real PostgreSQL: the key lives and dies with the write's transaction,
 * so a failed or killed first attempt leaves the key free, and a repeat gets the first answer.
 */
class IdempotencyKeysIntegrationTests {

	private static final String SCHEMA = "idempotency_test";

	private final TestDatabase database = TestDatabase.get();

	private ConnectionPool pool;

	private DatabaseClient db;

	private TransactionalOperator transaction;

	private IdempotencyKeys keys;

	private final UUID organization = UUID.randomUUID();

	private final AtomicInteger works = new AtomicInteger();

	@BeforeEach
	void start() {
		this.pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(ConnectionFactories.get(ConnectionFactoryOptions.parse(this.database.r2dbcUrl(SCHEMA))
				.mutate()
				.option(ConnectionFactoryOptions.USER, this.database.user())
				.option(ConnectionFactoryOptions.PASSWORD, this.database.password())
				.build()))
			.maxSize(4)
			.build());
		this.db = DatabaseClient.create(this.pool);
		this.db.sql("CREATE SCHEMA IF NOT EXISTS " + SCHEMA).then().block();
		this.db.sql("""
				CREATE TABLE IF NOT EXISTS %s.idempotency_keys (
				    organization_id uuid NOT NULL, key varchar(255) NOT NULL, request_hash char(64) NOT NULL,
				    status integer, body text, created_at timestamptz NOT NULL DEFAULT now(),
				    PRIMARY KEY (organization_id, key))""".formatted(SCHEMA)).then().block();
		this.db.sql("CREATE TABLE IF NOT EXISTS %s.things (id uuid PRIMARY KEY, organization_id uuid NOT NULL, name text)"
			.formatted(SCHEMA)).then().block();
		this.transaction = TransactionalOperator.create(new R2dbcTransactionManager(this.pool));
		this.keys = new IdempotencyKeys(this.db);
	}

	@AfterEach
	void stop() {
		this.pool.disposeLater().block(Duration.ofSeconds(10));
	}

	@Test
	void theWorkRunsOnceAndARepeatGetsTheFirstAnswer() {
		UUID first = create("key-1", "thing a", Duration.ZERO).block();
		UUID again = create("key-1", "thing a", Duration.ZERO).block();

		assertThat(again).isEqualTo(first);
		assertThat(this.works).hasValue(1);
		assertThat(things()).isEqualTo(1);
	}

	@Test
	void theSameKeyWithAnotherRequestIsRefusedAndChangesNothing() {
		create("key-2", "thing a", Duration.ZERO).block();

		assertThatThrownBy(() -> create("key-2", "thing b", Duration.ZERO).block())
			.isInstanceOf(UnprocessableException.class)
			.hasMessageContaining("Idempotency-Key");
		assertThat(things()).isEqualTo(1);
	}

	@Test
	void aFailedFirstAttemptLeavesTheKeyFreeForTheRetry() {
		Mono<UUID> failing = this.keys
			.once(this.organization, "key-3", "thing a", insert("thing a").then(Mono.error(new IllegalStateException(
					"the replica died"))), id -> new IdempotencyKeys.Answer(201, id.toString()),
					answer -> Mono.just(UUID.fromString(answer.body())))
			.as(this.transaction::transactional);
		assertThatThrownBy(failing::block).hasMessageContaining("the replica died");
		assertThat(things()).isZero();

		UUID retried = create("key-3", "thing a", Duration.ZERO).block();
		assertThat(retried).isNotNull();
		assertThat(things()).isEqualTo(1);
	}

	@Test
	void aRepeatWhileTheFirstIsInFlightWaitsForItAndReplaysItsAnswer() {
		// The first holds its transaction open for a while; the repeat arrives meanwhile.
		Mono<UUID> slow = create("key-4", "thing a", Duration.ofMillis(700));
		Mono<UUID> repeat = Mono.delay(Duration.ofMillis(200)).then(create("key-4", "thing a", Duration.ZERO));

		var both = Mono.zip(slow, repeat).block(Duration.ofSeconds(10));

		assertThat(both.getT2()).isEqualTo(both.getT1());
		assertThat(this.works).hasValue(1);
		assertThat(things()).isEqualTo(1);
	}

	@Test
	void unkeyedRequestsAlwaysRunAndKeysOfOtherOrganizationsAreTheirOwn() {
		create(null, "thing a", Duration.ZERO).block();
		create(null, "thing a", Duration.ZERO).block();
		create("shared", "thing a", Duration.ZERO).block();
		UUID other = this.keys
			.once(UUID.randomUUID(), "shared", "thing a", insert("thing a"),
					id -> new IdempotencyKeys.Answer(201, id.toString()), answer -> Mono.just(UUID.fromString(answer.body())))
			.as(this.transaction::transactional)
			.block();

		assertThat(other).isNotNull();
		assertThat(this.works).hasValue(4);
	}

	@Test
	void aMalformedKeyIsRefusedBeforeAnyWork() {
		assertThat(IdempotencyKeys.checked(null)).isNull();
		assertThat(IdempotencyKeys.checked("retry-7f3a")).isEqualTo("retry-7f3a");
		assertThatThrownBy(() -> IdempotencyKeys.checked("")).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> IdempotencyKeys.checked("with space")).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> IdempotencyKeys.checked("x".repeat(256))).isInstanceOf(BadRequestException.class);
	}

	private Mono<UUID> create(String key, String name, Duration hold) {
		return this.keys
			.once(this.organization, key, name, insert(name).delayElement(hold),
					id -> new IdempotencyKeys.Answer(201, id.toString()), answer -> Mono.just(UUID.fromString(answer.body())))
			.as(this.transaction::transactional);
	}

	private Mono<UUID> insert(String name) {
		return Mono.defer(() -> {
			this.works.incrementAndGet();
			UUID id = UUID.randomUUID();
			return this.db.sql("INSERT INTO things (id, organization_id, name) VALUES (:id, :org, :name)")
				.bind("id", id)
				.bind("org", this.organization)
				.bind("name", name)
				.then()
				.thenReturn(id);
		});
	}

	private long things() {
		return this.db.sql("SELECT count(*) AS n FROM things WHERE organization_id = :org")
			.bind("org", this.organization)
			.map(row -> row.get("n", Long.class))
			.one()
			.block();
	}

}

package dev.konfig.platform.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's one LISTEN connection against the real PostgreSQL: killed by the server, it
 * comes back, says so, and delivers what is sent afterwards.
 */
class PostgresNotificationsIntegrationTests {

	private static final String LISTENERS = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
			+ "AND application_name = '" + PostgresNotifications.APPLICATION_NAME + "' AND query LIKE 'LISTEN%'";

	private final TestDatabase database = TestDatabase.get();

	private ConnectionPool pool;

	private PostgresNotifications notifications;

	private final List<Disposable> subscriptions = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		this.pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(ConnectionFactories.get(ConnectionFactoryOptions.parse(this.database.r2dbcUrl("public"))
				.mutate()
				.option(ConnectionFactoryOptions.USER, this.database.user())
				.option(ConnectionFactoryOptions.PASSWORD, this.database.password())
				.build()))
			.maxSize(2)
			.build());
		// Short backoff keeps the test quick; the bean's own is 1 s .. 30 s.
		this.notifications = new PostgresNotifications(this.pool, Duration.ofMillis(200), Duration.ofSeconds(2));
	}

	@AfterEach
	void stop() {
		this.subscriptions.forEach(Disposable::dispose);
		this.notifications.stop();
		this.pool.disposeLater().block(Duration.ofSeconds(10));
	}

	@Test
	void reconnectsAfterItsConnectionIsKilledSignalsItAndDeliversWhatFollows() throws Exception {
		List<PostgresNotifications.Notification> seen = new CopyOnWriteArrayList<>();
		this.subscriptions.add(this.notifications.listen("listener_test_a").subscribe(seen::add));
		this.notifications.start();
		await(() -> reconnects(seen) == 1);
		await(() -> query(LISTENERS) == 1);
		notify("listener_test_a", "before");
		await(() -> payloads(seen).contains("before"));

		long killed = query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
				+ "datname = current_database() AND application_name = '" + PostgresNotifications.APPLICATION_NAME + "'");
		assertThat(killed).isEqualTo(1);

		// The catch-up signal comes after LISTEN is in place again, so what follows it arrives.
		await(() -> reconnects(seen) == 2);
		notify("listener_test_a", "after");
		await(() -> payloads(seen).contains("after"));
		assertThat(payloads(seen)).containsExactly("before", "after");
		assertThat(query(LISTENERS)).isEqualTo(1);
	}

	@Test
	void servesEveryChannelAndSubscriberFromOneConnection() throws Exception {
		List<PostgresNotifications.Notification> first = new CopyOnWriteArrayList<>();
		List<PostgresNotifications.Notification> second = new CopyOnWriteArrayList<>();
		List<PostgresNotifications.Notification> other = new CopyOnWriteArrayList<>();
		this.subscriptions.add(this.notifications.listen("listener_test_b").subscribe(first::add));
		this.subscriptions.add(this.notifications.listen("listener_test_b").subscribe(second::add));
		this.notifications.start();
		await(() -> reconnects(first) == 1);
		// A channel added to the live connection is LISTENed at once, and announced like a reconnect.
		this.subscriptions.add(this.notifications.listen("listener_test_c").subscribe(other::add));
		await(() -> reconnects(other) == 1);

		notify("listener_test_b", "to-b");
		notify("listener_test_c", "to-c");

		await(() -> payloads(first).contains("to-b") && payloads(second).contains("to-b")
				&& payloads(other).contains("to-c"));
		assertThat(payloads(first)).containsExactly("to-b");
		assertThat(payloads(other)).containsExactly("to-c");
		assertThat(query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND application_name = '" + PostgresNotifications.APPLICATION_NAME + "'")).isEqualTo(1);
	}

	@Test
	void holdsNoConnectionWhileNobodyListens() throws Exception {
		this.notifications.start();
		Thread.sleep(500);
		assertThat(query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
				+ "AND application_name = '" + PostgresNotifications.APPLICATION_NAME + "'")).isZero();
	}

	private static long reconnects(List<PostgresNotifications.Notification> seen) {
		return seen.stream().filter(PostgresNotifications.Notification::isReconnect).count();
	}

	private static List<String> payloads(List<PostgresNotifications.Notification> seen) {
		return seen.stream().filter(notification -> !notification.isReconnect())
			.map(PostgresNotifications.Notification::payload)
			.toList();
	}

	private void notify(String channel, String payload) {
		query("SELECT count(pg_notify('" + channel + "', '" + payload + "'))");
	}

	private long query(String sql) {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			return rows.next() ? rows.getLong(1) : -1;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Condition not met within 15 s");
			}
			Thread.sleep(25);
		}
	}

}

package dev.konfig.auth.key;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas starting and rotating at once, on a database of its own so the first start really
 * finds no key.
 */
class SigningKeyStoreIntegrationTests {

	private static final String KEK = Base64.getEncoder().encodeToString(new byte[32]);

	private static TestDatabase database;

	private static ConnectionFactory connections;

	@BeforeAll
	static void freshDatabase() throws Exception {
		database = TestDatabase.fresh("konfig_auth_keys_test");
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.user(), database.password())
			.schemas("auth")
			.defaultSchema("auth")
			.createSchemas(true)
			.load()
			.migrate();
		connections = ConnectionFactories.get(ConnectionFactoryOptions.parse(database.r2dbcUrl("auth"))
			.mutate()
			.option(ConnectionFactoryOptions.USER, database.user())
			.option(ConnectionFactoryOptions.PASSWORD, database.password())
			.build());
	}

	@Test
	void replicasStartingAtOnceShareOneActiveKey() throws Exception {
		List<String> kids = Flux.range(0, 4)
			.flatMap(replica -> replica().reload())
			.map(keys -> keys.active().getKeyID())
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(kids).hasSize(4).containsOnly(kids.get(0));
		assertThat(activeKeys()).isEqualTo(1);
	}

	@Test
	void concurrentRotationsLeaveOneActiveKey() throws Exception {
		SigningKeyStore first = replica();
		String before = first.reload().block(Duration.ofSeconds(60)).active().getKeyID();

		Flux.range(0, 3).flatMap(replica -> replica().rotateIfDue(true)).blockLast(Duration.ofSeconds(60));

		SigningKeyStore.Keys after = first.reload().block(Duration.ofSeconds(60));
		assertThat(activeKeys()).isEqualTo(1);
		assertThat(after.active().getKeyID()).isNotEqualTo(before);
		assertThat(after.all()).hasSize(2);
		assertThat(after.active().isPrivate()).isTrue();
		assertThat(after.all().get(1).isPrivate()).isFalse();
	}

	private static SigningKeyStore replica() {
		return new SigningKeyStore(DatabaseClient.create(connections),
				TransactionalOperator.create(new R2dbcTransactionManager(connections)), new KeyEncryption(KEK),
				Duration.ofDays(30), Clock.systemUTC());
	}

	private static long activeKeys() throws Exception {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from auth.signing_keys where status = 'active'")) {
			rows.next();
			return rows.getLong(1);
		}
	}

}

package dev.konfig.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.outbox.OutboxTable;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxMigrationTests {

	@Test
	void createsExactlyTheLibrarysOutboxTable() throws IOException {
		try (InputStream migration = getClass().getResourceAsStream("/db/migration/V2__outbox.sql")) {
			assertThat(migration).isNotNull();
			assertThat(new String(migration.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(OutboxTable.DDL);
		}
	}

}

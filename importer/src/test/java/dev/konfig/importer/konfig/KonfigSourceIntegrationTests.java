package dev.konfig.importer.konfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.konfig.importer.Importer;
import dev.konfig.importer.Progress;
import dev.konfig.importer.SourceDatabase;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** konfig databases on the real PostgreSQL, read and converted as the import sends them. */
class KonfigSourceIntegrationTests {

	private static final PrintStream NOWHERE = new PrintStream(new ByteArrayOutputStream());

	@Test
	void convertsEveryValueAndVersionOfTheMigrationsEnum() throws Exception {
		KonfigLegacyDatabase.Data data = KonfigLegacyDatabase.create("konfig_legacy_import_migration",
				KonfigLegacyDatabase.ValueTypeEnum.MIGRATION, "a-passphrase-not-a-fernet-key", 2, 4, 2, 12);

		assertConverted(data);
	}

	@Test
	void convertsEveryValueAndVersionOfTheModelsEnumUnderAFernetKey() throws Exception {
		KonfigLegacyDatabase.Data data = KonfigLegacyDatabase.create("konfig_legacy_import_model",
				KonfigLegacyDatabase.ValueTypeEnum.MODEL, FernetTokens.newFernetKey(), 2, 4, 2, 12);

		assertConverted(data);
	}

	@Test
	void aWrongEncryptionKeyNamesTheRowsAndStopsBeforeAnythingIsSent() throws Exception {
		KonfigLegacyDatabase.Data data = KonfigLegacyDatabase.create("konfig_legacy_import_wrong_key",
				KonfigLegacyDatabase.ValueTypeEnum.MIGRATION, "the-right-key", 1, 2, 1, 3);
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		// No suite answers at these addresses: the run must stop before it calls one.
		int status = Importer.run(
				new String[] { "konfig", "--from", data.url(), "--encryption-key", "a-wrong-key" },
				Map.of("KONFIG_AUTH_URL", "http://127.0.0.1:9", "KONFIG_TENANT_URL", "http://127.0.0.1:9",
						"KONFIG_CONFIG_URL", "http://127.0.0.1:9"),
				new PrintStream(out, true, StandardCharsets.UTF_8), NOWHERE);

		String report = out.toString(StandardCharsets.UTF_8);
		assertThat(status).isEqualTo(2);
		assertThat(report).contains("do not decrypt with the given encryption key, so nothing was imported");
		for (KonfigLegacyDatabase.Config config : data.configs()) {
			assertThat(report).contains("configs row " + config.id() + " (key '" + config.key() + "')");
		}
		assertThat(report).contains("config_history row");
		assertThat(report).containsPattern("organizations\\s+0\\s+0\\s+0");
	}

	@Test
	void refusesAnUnknownSourceAndMissingArguments() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);

		assertThat(Importer.run(new String[] { "wordpress", "--from", "postgresql://u@h/db" }, Map.of(), NOWHERE,
				errors)).isEqualTo(2);
		assertThat(Importer.run(new String[] { "konfig" }, Map.of(), NOWHERE, errors)).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown source 'wordpress'")
			.contains("--from is required");
	}

	private static void assertConverted(KonfigLegacyDatabase.Data data) throws Exception {
		SourceDatabase source = SourceDatabase.parse(data.url(), null);
		KonfigTables tables;
		try (Connection connection = source.open()) {
			tables = KonfigTables.read(connection);
			connection.rollback();
		}
		assertThat(tables.tenants()).hasSize(data.tenants().size());
		assertThat(tables.users()).hasSize(data.users().size());
		assertThat(tables.apiKeys()).hasSize(data.apiKeys().size());
		assertThat(tables.history()).hasSize(data.historyRows());
		Map<UUID, String> plain = KonfigSource.decryptAll(tables, KonfigEncryption.forKey(data.encryptionKey()),
				new Progress(NOWHERE));
		Map<UUID, List<KonfigTables.History>> history = tables.history()
			.stream()
			.collect(Collectors.groupingBy(KonfigTables.History::configId));
		for (KonfigLegacyDatabase.Config expected : data.configs()) {
			KonfigTables.Config row = tables.configs().stream().filter(c -> c.id().equals(expected.id())).findFirst()
				.orElseThrow();
			KonfigConfig converted = KonfigConfig.of(row, history.get(expected.id()), plain);
			assertThat(converted.valueType()).isEqualTo(expected.valueType());
			assertThat(converted.value()).isEqualTo(json(expected.value()));
			assertThat(converted.missingVersions()).isZero();
			assertThat(converted.history()).hasSize(expected.version());
			for (int v = 0; v < expected.version(); v++) {
				Map<String, Object> entry = converted.history().get(v);
				assertThat(entry.get("version")).isEqualTo(v + 1);
				assertThat(entry.get("change_type")).isEqualTo(v == 0 ? "create" : "update");
				assertThat((JsonNode) entry.get("value")).isEqualTo(json(expected.values().get(v)));
			}
			assertThat(converted.body(expected.namespace().tenantId(), "konfig").get("is_secret"))
				.isEqualTo(expected.secret());
			if (expected.valueType().equals("select")) {
				assertThat(converted.validationSchema().toString()).isEqualTo("{\"options\":[\"blue\",\"green\",\"red\"]}");
			}
		}
	}

	private static JsonNode json(String text) {
		return KonfigSource.json().readTree(text);
	}

}

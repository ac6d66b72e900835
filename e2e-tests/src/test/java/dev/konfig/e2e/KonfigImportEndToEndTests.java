package dev.konfig.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.importer.Importer;
import dev.konfig.importer.konfig.KonfigLegacyDatabase;
import dev.konfig.importer.konfig.KonfigLegacyDatabase.ValueTypeEnum;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.konfig.e2e.SuiteRows.ids;
import static dev.konfig.e2e.SuiteRows.number;
import static dev.konfig.e2e.SuiteRows.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/suite import konfig} against the running suite: a konfig database of 3 tenants,
 * 10 users, 6 API keys and 50 configs with 200 history rows (secrets among them) is imported,
 * and then, through the gateway, every user signs in with the old password, every key reads
 * its namespaces' values, and every config has its value, version and history. A dry run
 * before writes nothing, and a second run imports nothing.
 */
class KonfigImportEndToEndTests {

	private static final String ENCRYPTION_KEY = "konfig-e2e-encryption-key";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static KonfigLegacyDatabase.Data konfig;

	@BeforeAll
	static void konfigDatabase() throws Exception {
		Suite.get();
		konfig = KonfigLegacyDatabase.create("konfig_legacy_import_e2e", ValueTypeEnum.MIGRATION, ENCRYPTION_KEY, 3,
				10, 6, 50);
		assertThat(konfig.historyRows()).isEqualTo(200);
		assertThat(konfig.configs().stream().filter(KonfigLegacyDatabase.Config::secret).count()).isPositive();
	}

	@Test
	void importsKonfigOnceAndEverythingKeepsWorking() throws Exception {
		Run dryRun = importKonfig(konfig, ENCRYPTION_KEY, "--dry-run");
		assertThat(dryRun.status()).as(dryRun.report()).isZero();
		assertThat(dryRun.report()).contains("dry run: nothing was written");
		assertCounts(dryRun.report(), 3, 10, 6, 6, 50, 0);
		assertNothingWritten(konfig);

		Run first = importKonfig(konfig, ENCRYPTION_KEY);
		assertThat(first.status()).as(first.report()).isZero();
		assertCounts(first.report(), 3, 10, 6, 6, 50, 0);
		assertThat(first.report()).contains("cannot be recovered");

		for (KonfigLegacyDatabase.User user : konfig.users()) {
			Accounts.Tokens tokens = Accounts.login(user.email(), user.password());
			assertThat(tokens.user().get("role")).isEqualTo(user.role());
			assertThat(tokens.tenantId()).isEqualTo(user.tenantId());
			assertThat(text("SELECT password_hash FROM auth.users WHERE id = '" + user.id() + "'"))
				.startsWith("$argon2id$");
		}

		for (KonfigLegacyDatabase.ApiKey key : konfig.apiKeys()) {
			for (KonfigLegacyDatabase.Namespace namespace : namespacesOf(key.tenantId())) {
				JsonNode values = read(key.key(), "/api/v1/namespaces/" + namespace.id() + "/values");
				List<KonfigLegacyDatabase.Config> configs = configsOf(namespace);
				assertThat(values.size()).isEqualTo(configs.size());
				for (KonfigLegacyDatabase.Config config : configs) {
					// konfig showed every value to every key that could read, secrets too.
					assertThat(values.get(config.key())).as(config.key()).isEqualTo(JSON.readTree(config.value()));
				}
			}
		}

		Map<UUID, String> keyOfTenant = konfig.apiKeys()
			.stream()
			.collect(Collectors.toMap(KonfigLegacyDatabase.ApiKey::tenantId, KonfigLegacyDatabase.ApiKey::key,
					(a, b) -> a));
		for (KonfigLegacyDatabase.Config config : konfig.configs()) {
			String key = keyOfTenant.get(config.namespace().tenantId());
			String path = "/api/v1/namespaces/" + config.namespace().id() + "/configs/" + config.key();
			JsonNode stored = read(key, path);
			assertThat(stored.get("id").asString()).isEqualTo(config.id().toString());
			assertThat(stored.get("value")).as(config.key()).isEqualTo(JSON.readTree(config.value()));
			assertThat(stored.get("version").asInt()).isEqualTo(config.version());
			assertThat(stored.get("is_secret").asBoolean()).isEqualTo(config.secret());
			assertThat(stored.get("value_type").asString()).isEqualTo(config.valueType());
			JsonNode history = read(key, path + "/history?limit=200");
			assertThat(history.size()).isEqualTo(config.version());
			for (JsonNode entry : history) {
				int version = entry.get("version").asInt();
				if (!config.secret()) {
					assertThat(entry.get("value")).isEqualTo(JSON.readTree(config.values().get(version - 1)));
				}
			}
			if (config.secret()) {
				assertThat(text("SELECT value FROM config.configs WHERE id = '" + config.id() + "'"))
					.doesNotContain(config.value().replace("\"", ""));
			}
		}

		Run second = importKonfig(konfig, ENCRYPTION_KEY);
		assertThat(second.status()).as(second.report()).isZero();
		assertCounts(second.report(), 0, 0, 0, 0, 0, 0);
		assertThat(second.report()).containsPattern("organizations\\s+0\\s+3\\s+0")
			.containsPattern("configs\\s+0\\s+50\\s+0");
		assertThat(number("SELECT count(*) FROM config.config_history WHERE config_id IN " + ids(
				konfig.configs().stream().map(KonfigLegacyDatabase.Config::id).toList()))).isEqualTo(200);
	}

	@Test
	void aWrongEncryptionKeyIsReportedWithTheRowsAndNothingIsImported() throws Exception {
		KonfigLegacyDatabase.Data other = KonfigLegacyDatabase.create("konfig_legacy_import_e2e_wrong_key",
				ValueTypeEnum.MODEL, ENCRYPTION_KEY, 1, 2, 1, 4);

		Run run = importKonfig(other, "not-" + ENCRYPTION_KEY);

		assertThat(run.status()).isEqualTo(2);
		assertThat(run.report()).contains("nothing was imported");
		for (KonfigLegacyDatabase.Config config : other.configs()) {
			assertThat(run.report()).contains("configs row " + config.id());
		}
		assertNothingWritten(other);
	}

	private record Run(int status, String report) {
	}

	private static Run importKonfig(KonfigLegacyDatabase.Data data, String encryptionKey, String... more) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String[] all = new String[5 + more.length];
		System.arraycopy(new String[] { "konfig", "--from", data.url(), "--encryption-key", encryptionKey }, 0, all, 0,
				5);
		System.arraycopy(more, 0, all, 5, more.length);
		Suite suite = Suite.get();
		int status = Importer.run(all,
				Map.of("KONFIG_AUTH_URL", suite.service("auth-service").url(), "KONFIG_TENANT_URL",
						suite.service("tenant-service").url(), "KONFIG_CONFIG_URL", suite.service("config-service").url()),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
		return new Run(status, out.toString(StandardCharsets.UTF_8));
	}

	/** The report's line of each kind: imported (or would import), then already there, then refused. */
	private static void assertCounts(String report, int organizations, int users, int keys, int namespaces,
			int configs, int refused) {
		assertThat(report).containsPattern("organizations\\s+" + organizations + "\\s+\\d+\\s+" + refused)
			.containsPattern("users\\s+" + users + "\\s+\\d+\\s+" + refused)
			.containsPattern("api_keys\\s+" + keys + "\\s+\\d+\\s+" + refused)
			.containsPattern("namespaces\\s+" + namespaces + "\\s+\\d+\\s+" + refused)
			.containsPattern("configs\\s+" + configs + "\\s+\\d+\\s+" + refused);
	}

	private static void assertNothingWritten(KonfigLegacyDatabase.Data data) {
		assertThat(number("SELECT count(*) FROM tenant.organizations WHERE id IN "
				+ ids(data.tenants().stream().map(KonfigLegacyDatabase.Tenant::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM auth.users WHERE id IN "
				+ ids(data.users().stream().map(KonfigLegacyDatabase.User::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM auth.api_keys WHERE id IN "
				+ ids(data.apiKeys().stream().map(KonfigLegacyDatabase.ApiKey::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM config.namespaces WHERE id IN "
				+ ids(data.namespaces().stream().map(KonfigLegacyDatabase.Namespace::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM config.configs WHERE id IN "
				+ ids(data.configs().stream().map(KonfigLegacyDatabase.Config::id).toList()))).isZero();
	}

	private static List<KonfigLegacyDatabase.Namespace> namespacesOf(UUID tenant) {
		return konfig.namespaces().stream().filter(namespace -> namespace.tenantId().equals(tenant)).toList();
	}

	private static List<KonfigLegacyDatabase.Config> configsOf(KonfigLegacyDatabase.Namespace namespace) {
		return konfig.configs().stream().filter(config -> config.namespace().equals(namespace)).toList();
	}

	private static JsonNode read(String apiKey, String path) {
		byte[] body = gateway().get()
			.uri(path)
			.header("X-API-Key", apiKey)
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body);
	}

	private static WebTestClient gateway() {
		return Accounts.gateway().mutate().responseTimeout(Duration.ofSeconds(30)).build();
	}

}

package dev.konfig.importer.konfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.konfig.importer.ImportArguments;
import dev.konfig.importer.ImportStoppedException;
import dev.konfig.importer.Outcome;
import dev.konfig.importer.Progress;
import dev.konfig.importer.Report;
import dev.konfig.importer.Source;
import dev.konfig.importer.SourceRows;
import dev.konfig.importer.SuiteTarget;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * konfig's database into the suite: tenants become organizations, users users with one
 * membership each, API keys keys (konfig's bcrypt kept), namespaces and configs with their
 * whole history, values decrypted with konfig's key. Every value is decrypted before anything
 * is sent: if one does not decrypt (a wrong key, damaged data), the rows are reported and
 * nothing at all is imported. An item whose parent was refused is refused too.
 */
public final class KonfigSource implements Source {

	public static final String NAME = "konfig";

	static final String ORGANIZATIONS = "organizations";

	static final String USERS = "users";

	static final String API_KEYS = "api_keys";

	static final String NAMESPACES = "namespaces";

	static final String CONFIGS = "configs";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	@Override
	public void run(ImportArguments arguments, SuiteTarget suite, Report report, Progress progress) {
		if (arguments.encryptionKey() == null) {
			throw new ImportStoppedException(
					"konfig's values are encrypted: give its ENCRYPTION_KEY with --encryption-key (or KONFIG_IMPORT_ENCRYPTION_KEY)");
		}
		List.of(ORGANIZATIONS, USERS, API_KEYS, NAMESPACES, CONFIGS).forEach(report::kind);
		KonfigTables tables = read(arguments);
		Map<UUID, String> plain = decryptAll(tables, KonfigEncryption.forKey(arguments.encryptionKey()), progress);
		Set<UUID> organizations = organizations(tables, suite, report, progress);
		users(tables, organizations, suite, report, progress);
		apiKeys(tables, organizations, suite, report, progress);
		Map<UUID, Outcome> namespaces = namespaces(tables, organizations, suite, report, progress);
		configs(tables, plain, namespaces, suite, report, progress);
		report.note("konfig deleted a config's history together with the config: configs deleted in konfig, "
				+ "and their history, cannot be recovered");
	}

	private static KonfigTables read(ImportArguments arguments) {
		try (Connection connection = arguments.from().open()) {
			try {
				return KonfigTables.read(connection);
			}
			finally {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			throw new ImportStoppedException("konfig's database " + arguments.from() + " could not be read: "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Every stored value of configs and history, decrypted, by row id. Rows that do not decrypt
	 * stop the run before anything is written, each named.
	 */
	static Map<UUID, String> decryptAll(KonfigTables tables, KonfigEncryption encryption, Progress progress) {
		Map<UUID, String> plain = new HashMap<>();
		List<String> failures = new ArrayList<>();
		Map<UUID, KonfigTables.Config> configs = byId(tables.configs(), KonfigTables.Config::id);
		try (Progress.Step step = progress.step("decrypting", tables.configs().size() + tables.history().size())) {
			for (KonfigTables.Config config : tables.configs()) {
				decrypt(encryption, config.id(), config.value(), plain, failures,
						"configs row " + config.id() + " (key '" + config.key() + "')");
				step.advance();
			}
			for (KonfigTables.History row : tables.history()) {
				KonfigTables.Config config = configs.get(row.configId());
				decrypt(encryption, row.id(), row.value(), plain, failures, "config_history row " + row.id()
						+ " (version " + row.version() + (config != null ? " of '" + config.key() + "'" : "") + ")");
				step.advance();
			}
		}
		if (!failures.isEmpty()) {
			throw new ImportStoppedException(failures.size() + " value(s) do not decrypt with the given encryption key, "
					+ "so nothing was imported (check ENCRYPTION_KEY):\n  " + String.join("\n  ", failures));
		}
		return plain;
	}

	private static void decrypt(KonfigEncryption encryption, UUID id, String stored, Map<UUID, String> plain,
			List<String> failures, String row) {
		try {
			plain.put(id, encryption.decrypt(stored));
		}
		catch (KonfigEncryption.UndecryptableValueException ex) {
			failures.add(row + ": " + ex.getMessage());
		}
	}

	private static Set<UUID> organizations(KonfigTables tables, SuiteTarget suite, Report report, Progress progress) {
		Set<UUID> imported = new HashSet<>();
		try (Progress.Step step = progress.step(ORGANIZATIONS, tables.tenants().size())) {
			for (KonfigTables.Tenant tenant : tables.tenants()) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("id", tenant.id());
				body.put("name", tenant.name());
				body.put("imported_from", NAME);
				body.put("is_active", tenant.active() == null || tenant.active());
				body.put("created_at", text(tenant.createdAt()));
				Outcome outcome = suite.organization(body);
				report.record(ORGANIZATIONS, "'" + tenant.name() + "' (" + tenant.id() + ")", outcome);
				if (!outcome.refused()) {
					imported.add(tenant.id());
				}
				step.advance();
			}
		}
		return imported;
	}

	private static void users(KonfigTables tables, Set<UUID> organizations, SuiteTarget suite, Report report,
			Progress progress) {
		try (Progress.Step step = progress.step(USERS, tables.users().size())) {
			for (KonfigTables.User user : tables.users()) {
				String item = user.email() + " (" + user.id() + ")";
				if (!organizations.contains(user.tenantId())) {
					report.refused(USERS, item, "its tenant " + user.tenantId() + " was not imported");
				}
				else {
					Map<String, Object> membership = new LinkedHashMap<>();
					membership.put("organization_id", user.tenantId());
					membership.put("role", user.role());
					membership.put("is_active", user.active() == null || user.active());
					Map<String, Object> body = new LinkedHashMap<>();
					body.put("id", user.id());
					body.put("email", user.email());
					body.put("password_hash", user.passwordHash());
					body.put("full_name", user.fullName());
					body.put("created_at", text(user.createdAt()));
					body.put("memberships", List.of(membership));
					body.put("source", NAME);
					report.record(USERS, item, suite.user(body));
				}
				step.advance();
			}
		}
	}

	private static void apiKeys(KonfigTables tables, Set<UUID> organizations, SuiteTarget suite, Report report,
			Progress progress) {
		Set<String> droppedScopes = new LinkedHashSet<>();
		try (Progress.Step step = progress.step(API_KEYS, tables.apiKeys().size())) {
			for (KonfigTables.ApiKey key : tables.apiKeys()) {
				String item = "'" + key.name() + "' " + key.prefix() + "... (" + key.id() + ")";
				List<String> scopes = scopes(key.scopes(), droppedScopes);
				if (!organizations.contains(key.tenantId())) {
					report.refused(API_KEYS, item, "its tenant " + key.tenantId() + " was not imported");
				}
				else if (scopes.isEmpty()) {
					report.refused(API_KEYS, item, "none of its scopes '" + key.scopes() + "' exists in the suite");
				}
				else {
					Map<String, Object> body = new LinkedHashMap<>();
					body.put("id", key.id());
					body.put("organization_id", key.tenantId());
					body.put("created_by", key.createdBy());
					body.put("name", key.name());
					body.put("prefix", key.prefix());
					body.put("key_hash", key.keyHash());
					body.put("scopes", String.join(",", scopes));
					body.put("expires_at", text(key.expiresAt()));
					body.put("created_at", text(key.createdAt()));
					body.put("last_used_at", text(key.lastUsedAt()));
					body.put("is_active", key.active() == null || key.active());
					body.put("source", NAME);
					report.record(API_KEYS, item, suite.apiKey(body));
				}
				step.advance();
			}
		}
		if (!droppedScopes.isEmpty()) {
			report.note("API key scopes the suite does not have were left out: " + String.join(", ", droppedScopes));
		}
	}

	/**
	 * konfig's scopes as the suite's: {@code read} also reveals secrets, since konfig showed
	 * every value to every key that could read; {@code write} stays; others are left out.
	 */
	static List<String> scopes(String konfigScopes, Set<String> dropped) {
		Set<String> scopes = new LinkedHashSet<>();
		for (String part : (konfigScopes == null ? "" : konfigScopes).split("[,\\s]+")) {
			String scope = part.trim().toLowerCase(Locale.ROOT);
			switch (scope) {
				case "" -> {
				}
				case "read" -> {
					scopes.add("read");
					scopes.add("secrets:read");
				}
				case "write" -> scopes.add("write");
				default -> dropped.add(scope);
			}
		}
		return List.copyOf(scopes);
	}

	private static Map<UUID, Outcome> namespaces(KonfigTables tables, Set<UUID> organizations, SuiteTarget suite,
			Report report, Progress progress) {
		Map<UUID, Outcome> outcomes = new HashMap<>();
		try (Progress.Step step = progress.step(NAMESPACES, tables.namespaces().size())) {
			for (KonfigTables.Namespace namespace : tables.namespaces()) {
				String item = "'" + namespace.name() + "' (" + namespace.id() + ")";
				Outcome outcome;
				if (!organizations.contains(namespace.tenantId())) {
					outcome = Outcome.refused("its tenant " + namespace.tenantId() + " was not imported");
				}
				else {
					Map<String, Object> body = new LinkedHashMap<>();
					body.put("id", namespace.id());
					body.put("organization_id", namespace.tenantId());
					body.put("name", namespace.name());
					body.put("description", namespace.description());
					body.put("created_at", text(namespace.createdAt()));
					body.put("source", NAME);
					outcome = suite.namespace(body);
				}
				report.record(NAMESPACES, item, outcome);
				outcomes.put(namespace.id(), outcome);
				step.advance();
			}
		}
		return outcomes;
	}

	private static void configs(KonfigTables tables, Map<UUID, String> plain, Map<UUID, Outcome> namespaces,
			SuiteTarget suite, Report report, Progress progress) {
		Map<UUID, KonfigTables.Namespace> namespaceRows = byId(tables.namespaces(), KonfigTables.Namespace::id);
		Map<UUID, List<KonfigTables.History>> history = tables.history()
			.stream()
			.collect(Collectors.groupingBy(KonfigTables.History::configId));
		Set<UUID> configIds = tables.configs().stream().map(KonfigTables.Config::id).collect(Collectors.toSet());
		long orphans = tables.history().stream().filter(row -> !configIds.contains(row.configId())).count();
		int missingVersions = 0;
		int checkedLocally = 0;
		try (Progress.Step step = progress.step(CONFIGS, tables.configs().size())) {
			for (KonfigTables.Config config : tables.configs()) {
				KonfigTables.Namespace namespace = namespaceRows.get(config.namespaceId());
				String item = "'" + (namespace != null ? namespace.name() : config.namespaceId()) + "/" + config.key()
						+ "' (" + config.id() + ")";
				Outcome parent = namespaces.get(config.namespaceId());
				try {
					KonfigConfig converted = KonfigConfig.of(config, history.getOrDefault(config.id(), List.of()),
							plain);
					missingVersions += converted.missingVersions();
					if (parent == null || parent.refused()) {
						report.refused(CONFIGS, item, "its namespace " + config.namespaceId() + " was not imported");
					}
					else if (suite.dryRun() && parent.result() == Outcome.Result.IMPORTED) {
						// The namespace does not exist yet, so config-service cannot try this config.
						report.record(CONFIGS, item, Outcome.IMPORTED);
						checkedLocally++;
					}
					else {
						report.record(CONFIGS, item, suite.config(converted.body(namespace.tenantId(), NAME)));
					}
				}
				catch (KonfigConfig.UnconvertibleException ex) {
					report.refused(CONFIGS, item, ex.getMessage());
				}
				step.advance();
			}
		}
		if (missingVersions > 0) {
			report.note(missingVersions + " version(s) of existing configs had no history row in konfig; "
					+ "their values are unknown and were not invented");
		}
		if (orphans > 0) {
			report.note(orphans + " config_history row(s) belong to no config and were left out");
		}
		if (checkedLocally > 0) {
			report.note(checkedLocally + " config(s) of namespaces that do not exist yet were checked by the importer "
					+ "only (a dry run cannot ask config-service about them)");
		}
	}

	static String text(Instant instant) {
		return SourceRows.text(instant);
	}

	private static <T> Map<UUID, T> byId(List<T> rows, Function<T, UUID> id) {
		Map<UUID, T> map = new HashMap<>();
		rows.forEach(row -> map.put(id.apply(row), row));
		return map;
	}

	static JsonMapper json() {
		return JSON;
	}

	static ObjectNode object() {
		return NODES.objectNode();
	}

	static JsonNode string(String text) {
		return NODES.stringNode(text);
	}

}

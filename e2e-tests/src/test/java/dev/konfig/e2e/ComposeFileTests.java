package dev.konfig.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docker-compose.yml, the postgres init script and bin/suite honest against the modules:
 * a service added, renamed or given a new setting without its deployment files fails here, on a
 * machine without Docker, instead of at the first {@code docker compose up}.
 */
class ComposeFileTests {

	private static final String DATABASE = "postgres";

	/** Compose services that are not modules: the database and the gateway's rate limit store. */
	private static final Set<String> INFRASTRUCTURE = Set.of(DATABASE, "redis");

	private static final String READINESS = "/actuator/health/readiness";

	/** Read by the JVM or Spring itself, not by an application.yml placeholder. */
	private static final Set<String> PLATFORM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS",
			"SPRING_PROFILES_ACTIVE");

	private static final Pattern PORT_DEFAULT = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}");

	private static final String MIGRATION_USER = "KONFIG_AUDIT_MIGRATION_USER";

	private static final String MIGRATION_PASSWORD = "KONFIG_AUDIT_MIGRATION_PASSWORD";

	private static final Pattern INIT_ROLE = Pattern
		.compile("^role_with_schema\\s+(\\S+)\\s+\"\\$\\{(\\w+)[^}]*}\"", Pattern.MULTILINE);

	private static final Pattern SUITE_SERVICE = Pattern.compile("^\\s*\"([a-z0-9-]+) (\\d+)\"\\s*$",
			Pattern.MULTILINE);

	/** A module of the root reactor: a directory that is not built is not deployed either. */
	private static final Pattern REACTOR_MODULE = Pattern.compile("<module>([^<]+)</module>");

	private static Path root;

	private static Map<String, Map<String, Object>> services;

	/** Deployable modules (reactor modules with an application.yml) by directory name. */
	private static Map<String, Module> modules;

	@BeforeAll
	static void readFiles() throws IOException {
		root = Path.of(System.getProperty("konfig.root", "..")).toAbsolutePath().normalize();
		Map<String, Object> compose = yaml(root.resolve("docker-compose.yml"));
		services = new TreeMap<>();
		map(compose.get("services")).forEach((name, definition) -> services.put(name, map(definition)));
		modules = deployableModules(root);
	}

	@Test
	void everyComposeServiceIsADeployableModule() {
		SoftAssertions softly = new SoftAssertions();
		for (String name : applicationServices()) {
			Path directory = root.resolve(name);
			softly.assertThat(directory.resolve("pom.xml")).as("%s has a module pom.xml", name).isRegularFile();
			softly.assertThat(applicationYml(directory)).as("%s has an application.yml", name).isRegularFile();
			softly.assertThat(map(map(services.get(name).get("build")).get("args")).get("MODULE"))
				.as("%s is built from the Dockerfile with its own MODULE", name)
				.isEqualTo(name);
		}
		softly.assertAll();
	}

	@Test
	void everyDeployableModuleIsInCompose() {
		assertThat(modules).as("deployable modules found under %s", root).isNotEmpty();
		assertThat(services.keySet()).containsAll(modules.keySet());
	}

	@Test
	void servicesListenAndAreProbedOnTheirApplicationDefaultPort() {
		SoftAssertions softly = new SoftAssertions();
		for (String name : deployedModules()) {
			String port = modules.get(name).defaultPort();
			softly.assertThat(port).as("%s: default of server.port (${SERVER_PORT:...})", name).isNotNull();
			softly.assertThat(environment(name).get("SERVER_PORT")).as("%s: SERVER_PORT", name).isEqualTo(port);
			softly.assertThat(healthcheckTest(name)).as("%s: healthcheck probes readiness on its port", name)
				.contains(port)
				.anySatisfy(word -> assertThat(word).contains(READINESS));
		}
		softly.assertAll();
	}

	@Test
	void composeSetsOnlyVariablesTheServiceReads() {
		SoftAssertions softly = new SoftAssertions();
		for (String name : deployedModules()) {
			String applicationYml = modules.get(name).text();
			for (String variable : environment(name).keySet()) {
				if (!PLATFORM_VARIABLES.contains(variable)) {
					softly.assertThat(applicationYml)
						.as("%s/src/main/resources/application.yml reads %s", name, variable)
						.contains("${" + variable);
				}
			}
		}
		softly.assertAll();
	}

	@Test
	void servicesHaveHealthchecksMemoryLimitsAndWaitForHealthyDependencies() {
		SoftAssertions softly = new SoftAssertions();
		for (String name : services.keySet()) {
			Map<String, Object> service = services.get(name);
			softly.assertThat(healthcheckTest(name)).as("%s: healthcheck test", name).isNotEmpty();
			softly.assertThat(memoryLimit(service)).as("%s: memory limit", name).isNotNull();
			if (INFRASTRUCTURE.contains(name)) {
				continue;
			}
			Map<String, Object> dependsOn = map(service.get("depends_on"));
			softly.assertThat(dependsOn).as("%s: depends_on", name).isNotEmpty();
			dependsOn.forEach((dependency, condition) -> {
				softly.assertThat(services).as("%s depends on a compose service", name).containsKey(dependency);
				softly.assertThat(map(condition).get("condition"))
					.as("%s waits for %s to be healthy", name, dependency)
					.isEqualTo("service_healthy");
			});
			if (environment(name).containsKey("KONFIG_DB_HOST")) {
				softly.assertThat(dependsOn).as("%s uses the database", name).containsKey(DATABASE);
			}
		}
		softly.assertAll();
	}

	@Test
	void onlyTheGatewayPublishesPortsAndNothingPinsAContainerName() {
		SoftAssertions softly = new SoftAssertions();
		services.forEach((name, service) -> {
			softly.assertThat(service).as("%s: container_name would prevent --scale", name)
				.doesNotContainKey("container_name");
			if (!name.equals("gateway")) {
				softly.assertThat(service).as("%s publishes no port", name).doesNotContainKey("ports");
			}
		});
		Map<String, Object> gateway = services.getOrDefault("gateway", Map.of());
		softly.assertThat(gateway).as("gateway publishes its port").containsKey("ports");
		softly.assertThat(String.valueOf(gateway.get("ports"))).as("gateway's published ports").contains(":8080");
		softly.assertAll();
	}

	@Test
	void postgresInitScriptGivesEveryFlywaySchemaItsOwnRole() throws IOException {
		Map<String, String> passwordVariableByRole = new LinkedHashMap<>();
		Path initScripts = root.resolve("docker/postgres");
		try (Stream<Path> scripts = Files.list(initScripts)) {
			for (Path script : scripts.filter(path -> path.toString().endsWith(".sh")).sorted().toList()) {
				Matcher role = INIT_ROLE.matcher(Files.readString(script));
				while (role.find()) {
					passwordVariableByRole.put(role.group(1), role.group(2));
				}
			}
		}
		Map<String, Object> postgresEnvironment = environment(DATABASE);
		SoftAssertions softly = new SoftAssertions();
		for (String name : deployedModules()) {
			for (String schema : modules.get(name).flywaySchemas()) {
				softly.assertThat(passwordVariableByRole).as("init script creates role and schema %s", schema)
					.containsKey(schema);
				Map<String, Object> environment = environment(name);
				// A service either connects as its schema's owner, or (audit-service) serves as a
				// narrower role and runs its migrations as the owner.
				boolean separateMigrationRole = environment.containsKey(MIGRATION_USER);
				String ownerUser = separateMigrationRole ? MIGRATION_USER : "KONFIG_DB_USER";
				String ownerPassword = separateMigrationRole ? MIGRATION_PASSWORD : "KONFIG_DB_PASSWORD";
				softly.assertThat(environment.get(ownerUser)).as("%s migrates as role %s", name, schema)
					.isEqualTo(schema);
				String passwordVariable = passwordVariableByRole.get(schema);
				if (passwordVariable != null) {
					softly.assertThat(postgresEnvironment).as("postgres receives %s", passwordVariable)
						.containsKey(passwordVariable);
					softly.assertThat(environment.get(ownerPassword))
						.as("%s uses the password postgres gives role %s", name, schema)
						.isEqualTo(postgresEnvironment.get(passwordVariable));
				}
			}
		}
		softly.assertAll();
	}

	@Test
	void suiteScriptStartsEveryDeployableModuleOnItsDefaultPort() throws IOException {
		Map<String, String> portByService = new TreeMap<>();
		Matcher line = SUITE_SERVICE.matcher(Files.readString(root.resolve("bin/suite")));
		while (line.find()) {
			portByService.put(line.group(1), line.group(2));
		}
		Map<String, String> expected = new TreeMap<>();
		modules.forEach((name, module) -> expected.put(name, module.defaultPort()));
		assertThat(portByService).isEqualTo(expected);
	}

	/** Compose services that are modules of the reactor, everything but the infrastructure. */
	private static Set<String> applicationServices() {
		Set<String> names = new TreeSet<>(services.keySet());
		names.removeAll(INFRASTRUCTURE);
		return names;
	}

	/** Modules present both in compose and in the reactor (the other tests report the rest). */
	private static Set<String> deployedModules() {
		Set<String> names = new TreeSet<>(modules.keySet());
		names.retainAll(services.keySet());
		return names;
	}

	private static Map<String, Object> environment(String service) {
		Object environment = services.get(service).get("environment");
		Map<String, Object> variables = new LinkedHashMap<>();
		if (environment instanceof List<?> entries) {
			// The list form: "- NAME=value"
			for (Object entry : entries) {
				String[] pair = entry.toString().split("=", 2);
				variables.put(pair[0], (pair.length > 1) ? pair[1] : null);
			}
		}
		else {
			map(environment).forEach((name, value) -> variables.put(name, (value != null) ? value.toString() : null));
		}
		return variables;
	}

	private static List<String> healthcheckTest(String service) {
		Object test = map(services.get(service).get("healthcheck")).get("test");
		if (test instanceof List<?> words) {
			return words.stream().map(Object::toString).toList();
		}
		return (test != null) ? Arrays.asList(test.toString().split("\\s+")) : List.of();
	}

	private static Object memoryLimit(Map<String, Object> service) {
		Object limit = map(map(map(service.get("deploy")).get("resources")).get("limits")).get("memory");
		return (limit != null) ? limit : service.get("mem_limit");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static Map<String, Object> yaml(Path file) {
		try {
			return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reactor modules with an application.yml, by directory name: what is deployed. */
	static Map<String, Module> deployableModules(Path root) throws IOException {
		Map<String, Module> found = new TreeMap<>();
		Matcher module = REACTOR_MODULE.matcher(Files.readString(root.resolve("pom.xml")));
		while (module.find()) {
			Path directory = root.resolve(module.group(1).trim());
			if (Files.isRegularFile(directory.resolve("pom.xml")) && Files.isRegularFile(applicationYml(directory))) {
				found.put(directory.getFileName().toString(), Module.read(directory));
			}
		}
		return found;
	}

	private static Path applicationYml(Path module) {
		return module.resolve("src/main/resources/application.yml");
	}

	/** What the tests need of a deployable module's application.yml. */
	record Module(String text, String defaultPort, List<String> flywaySchemas) {

		static Module read(Path directory) {
			try {
				String text = Files.readString(applicationYml(directory));
				Matcher port = PORT_DEFAULT.matcher(text);
				return new Module(text, port.find() ? port.group(1) : null, flywaySchemas(text));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** spring.flyway.schemas of every document of the file, nested or dotted keys alike. */
		private static List<String> flywaySchemas(String text) {
			List<String> schemas = new ArrayList<>();
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
				Map<String, Object> properties = map(document);
				Object value = map(map(properties.get("spring")).get("flyway")).get("schemas");
				if (value == null) {
					value = properties.get("spring.flyway.schemas");
				}
				if (value instanceof List<?> list) {
					list.forEach(schema -> schemas.add(schema.toString().trim()));
				}
				else if (value != null) {
					Arrays.stream(value.toString().split(","))
						.map(String::trim)
						.filter(schema -> !schema.isEmpty() && !schemas.contains(schema))
						.forEach(schemas::add);
				}
			}
			return schemas;
		}

	}

}

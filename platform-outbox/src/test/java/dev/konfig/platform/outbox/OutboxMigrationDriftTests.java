package dev.konfig.platform.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift guard: every module of the reactor whose migrations touch the outbox carries every
 * step of {@link OutboxTable#MIGRATIONS}, in order and byte for byte, and every consuming module
 * carries {@link OutboxTable#CONSUMED_EVENTS}. It finds the modules itself, so a new service is
 * checked the day it adds an outbox, without anybody remembering to add a test.
 */
class OutboxMigrationDriftTests {

	private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__(.+)\\.sql");

	@Test
	void everyPublishingServiceCarriesEveryOutboxStepExactly() throws IOException {
		List<Path> publishers = modulesWhoseMigrationsMention("outbox");

		assertThat(publishers).as("services with an outbox").hasSizeGreaterThanOrEqualTo(3);
		for (Path module : publishers) {
			List<Migration> outboxSteps = migrations(module).stream()
				.filter(migration -> OutboxTable.MIGRATIONS.stream().anyMatch(step -> step.name().equals(migration.name())))
				.toList();
			assertThat(outboxSteps).as("outbox migrations of %s, in version order", module.getFileName())
				.extracting(Migration::name)
				.containsExactlyElementsOf(OutboxTable.MIGRATIONS.stream().map(OutboxTable.Step::name).toList());
			for (int i = 0; i < outboxSteps.size(); i++) {
				assertThat(outboxSteps.get(i).sql()).as("%s of %s", outboxSteps.get(i).file(), module.getFileName())
					.isEqualTo(OutboxTable.MIGRATIONS.get(i).sql());
			}
			assertThat(migrations(module)).as("%s: only the steps may touch the outbox", module.getFileName())
				.filteredOn(migration -> outboxSteps.stream().noneMatch(step -> step.file().equals(migration.file())))
				.allSatisfy(other -> assertThat(other.sql()).doesNotContainIgnoringCase("outbox"));
		}
	}

	@Test
	void everyConsumingServiceRecordsConsumedEventsExactly() throws IOException {
		for (Path module : modulesWhoseMigrationsMention("consumed_events")) {
			assertThat(migrations(module)).as("migrations of %s", module.getFileName())
				.filteredOn(migration -> migration.sql().contains("consumed_events"))
				.singleElement()
				.satisfies(migration -> {
					assertThat(migration.name()).isEqualTo(OutboxTable.CONSUMED_EVENTS.name());
					assertThat(migration.sql()).isEqualTo(OutboxTable.CONSUMED_EVENTS.sql());
				});
		}
	}

	private static List<Path> modulesWhoseMigrationsMention(String table) throws IOException {
		List<Path> modules = new ArrayList<>();
		try (Stream<Path> children = Files.list(reactorRoot())) {
			for (Path module : children.filter(Files::isDirectory).sorted().toList()) {
				if (migrations(module).stream().anyMatch(migration -> migration.sql().contains(table))) {
					modules.add(module);
				}
			}
		}
		return modules;
	}

	private static List<Migration> migrations(Path module) throws IOException {
		Path directory = module.resolve("src/main/resources/db/migration");
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<Migration> migrations = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Matcher name = MIGRATION.matcher(file.getFileName().toString());
				if (name.matches()) {
					migrations.add(new Migration(file.getFileName().toString(), Integer.parseInt(name.group(1)),
							name.group(2), Files.readString(file, StandardCharsets.UTF_8)));
				}
			}
		}
		migrations.sort(Comparator.comparingInt(Migration::version));
		return migrations;
	}

	/** The directory holding this module and its siblings (tests run in the module's directory). */
	private static Path reactorRoot() {
		Path module = Path.of("").toAbsolutePath();
		assertThat(module.resolve("pom.xml")).exists();
		Path root = module.getParent();
		assertThat(root.resolve("pom.xml")).as("the reactor's pom").exists();
		return root;
	}

	private record Migration(String file, int version, String name, String sql) {
	}

}

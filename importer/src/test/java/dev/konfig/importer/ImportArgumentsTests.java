package dev.konfig.importer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportArgumentsTests {

	private static final Set<String> SOURCES = Set.of("konfig");

	@Test
	void readsTheSourceUrlKeyAndDryRun() {
		ImportArguments arguments = ImportArguments.parse(new String[] { "konfig", "--from",
				"postgresql://konfig:p%40ss@db.internal:6432/konfig_prod", "--encryption-key", "s3cr3t-key", "--dry-run" },
				Map.of(), SOURCES);

		assertThat(arguments.source()).isEqualTo("konfig");
		assertThat(arguments.dryRun()).isTrue();
		assertThat(arguments.encryptionKey()).isEqualTo("s3cr3t-key");
		assertThat(arguments.from()).isEqualTo(new SourceDatabase("db.internal", 6432, "konfig_prod", "konfig", "p@ss"));
		assertThat(arguments.from().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/konfig_prod");
		// Neither the password nor the key is ever printed.
		assertThat(arguments.toString()).doesNotContain("p@ss").doesNotContain("s3cr3t-key");
	}

	@Test
	void takesTheKeyAndPasswordFromTheEnvironment() {
		ImportArguments arguments = ImportArguments.parse(new String[] { "konfig", "--from", "postgres://u@h/db" },
				Map.of("KONFIG_IMPORT_ENCRYPTION_KEY", "from-env", "PGPASSWORD", "pw"), SOURCES);

		assertThat(arguments.encryptionKey()).isEqualTo("from-env");
		assertThat(arguments.from()).isEqualTo(new SourceDatabase("h", 5432, "db", "u", "pw"));
		assertThat(arguments.dryRun()).isFalse();
	}

	@Test
	void readsTheFilesRootAndHowFilesComeIn() {
		Set<String> sources = Set.of("konfig", "printshop");
		ImportArguments copy = ImportArguments.parse(new String[] { "printshop", "--from", "postgresql://u@h/shop",
				"--files-root", "/mnt/nas" }, Map.of(), sources);
		ImportArguments reference = ImportArguments.parse(new String[] { "printshop", "--from", "postgresql://u@h/shop",
				"--files-root", "/mnt/nas", "--reference", "--dry-run" }, Map.of(), sources);

		assertThat(copy.filesRoot()).isEqualTo(Path.of("/mnt/nas"));
		assertThat(copy.referenceFiles()).isFalse();
		assertThat(reference.referenceFiles()).isTrue();
		assertThat(reference.dryRun()).isTrue();
		assertThatThrownBy(() -> ImportArguments.parse(new String[] { "printshop", "--from", "postgresql://u@h/shop",
				"--reference", "--copy" }, Map.of(), sources))
			.hasMessageContaining("--copy and --reference exclude each other");
		assertThatThrownBy(() -> ImportArguments.parse(new String[] { "printshop", "--from", "postgresql://u@h/shop",
				"--files-root" }, Map.of(), sources))
			.hasMessageContaining("--files-root needs a value");
	}

	@Test
	void refusesWhatItCannotUse() {
		assertThatThrownBy(() -> ImportArguments.parse(new String[] { "konfig", "--from" }, Map.of(), SOURCES))
			.hasMessageContaining("--from needs a value");
		assertThatThrownBy(() -> ImportArguments.parse(new String[] { "konfig", "--from", "mysql://u@h/db" }, Map.of(),
				SOURCES))
			.hasMessageContaining("postgresql://");
		assertThatThrownBy(() -> ImportArguments.parse(new String[] { "konfig", "--from", "postgresql://u@h/db",
				"--force" }, Map.of(), SOURCES))
			.hasMessageContaining("unknown option '--force'");
	}

	@Test
	void reportsCountsPerKindRefusalsAndNotes() {
		Report report = new Report("konfig", false);
		report.kind("organizations");
		report.record("users", "a@example.com", Outcome.IMPORTED);
		report.record("users", "b@example.com", Outcome.ALREADY_THERE);
		report.refused("users", "c@example.com", "The email belongs to another user of the suite");
		report.note("history of deleted configs cannot be recovered");
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		report.print(new PrintStream(out, true, StandardCharsets.UTF_8));

		assertThat(report.exitStatus()).isEqualTo(1);
		assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("organizations\\s+0\\s+0\\s+0")
			.containsPattern("users\\s+1\\s+1\\s+1")
			.contains("refused users c@example.com: The email belongs to another user of the suite")
			.contains("note: history of deleted configs cannot be recovered");
	}

}

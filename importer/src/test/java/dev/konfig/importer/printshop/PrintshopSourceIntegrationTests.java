package dev.konfig.importer.printshop;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.konfig.importer.Importer;
import dev.konfig.importer.SourceDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Print back office databases on the real PostgreSQL, read as the import reads them. */
class PrintshopSourceIntegrationTests {

	private static final PrintStream NOWHERE = new PrintStream(new ByteArrayOutputStream());

	@TempDir
	Path nas;

	@Test
	void readsEveryTableOfTheMigratedSchemaWithEachCanvasConfigsOrganization() throws Exception {
		PrintshopLegacyDatabase.Data data = PrintshopLegacyDatabase.create("printshop_legacy_read", this.nas, 7, 3, 3, 5,
				12, PrintshopLegacyDatabase.Faults.all());
		PrintshopTables tables;
		try (Connection connection = SourceDatabase.parse(data.url(), null).open()) {
			tables = PrintshopTables.read(connection);
		}

		assertThat(tables.organizations()).extracting(PrintshopTables.Organization::id)
			.containsExactlyElementsOf(data.organizations().stream().map(PrintshopLegacyDatabase.Organization::id).toList());
		assertThat(tables.users()).hasSize(5);
		// Step 3 made every existing user an admin of the default organization.
		assertThat(tables.members()).filteredOn(member -> member.organizationId().equals(data.organizations().get(0).id()))
			.extracting(PrintshopTables.Member::role)
			.containsOnly("admin");
		assertThat(tables.shops()).hasSize(5);
		assertThat(tables.files()).hasSize(7);
		assertThat(tables.printers()).extracting(PrintshopTables.Printer::maxWidth).contains(520.0);
		assertThat(tables.canvases()).hasSize(4).allSatisfy(canvas -> assertThat(canvas.organizationId()).isNotNull());
		assertThat(tables.canvases()).extracting(PrintshopTables.Canvas::organizationId)
			.containsAll(data.canvases().stream().map(PrintshopLegacyDatabase.Canvas::organizationId).toList());
		assertThat(tables.jobs()).hasSize(data.jobs().size())
			.allSatisfy(job -> assertThat(job.createdBy()).isNotNull());
		assertThat(tables.events()).hasSize(12);
		PrintshopLegacyDatabase.StoredFile file = data.files().get(0);
		assertThat(Files.readAllBytes(this.nas.resolve(file.path().substring(1)))).isEqualTo(file.bytes());
	}

	@Test
	void aRunWithoutAFilesRootOrWithBothFileModesStopsBeforeAnythingIsSent() throws Exception {
		PrintshopLegacyDatabase.Data data = PrintshopLegacyDatabase.create("printshop_legacy_arguments", this.nas, 8, 1,
				1, 1, 1, PrintshopLegacyDatabase.Faults.none());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		Map<String, String> nowhere = Map.of("KONFIG_AUTH_URL", "http://127.0.0.1:9", "KONFIG_TENANT_URL",
				"http://127.0.0.1:9");

		int withoutRoot = Importer.run(new String[] { "printshop", "--from", data.url() }, nowhere,
				new PrintStream(out, true, StandardCharsets.UTF_8), NOWHERE);
		int bothModes = Importer.run(new String[] { "printshop", "--from", data.url(), "--files-root",
				this.nas.toString(), "--copy", "--reference" }, nowhere, NOWHERE,
				new PrintStream(err, true, StandardCharsets.UTF_8));

		assertThat(withoutRoot).isEqualTo(2);
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("--files-root DIR")
			.containsPattern("organizations\\s+0\\s+0\\s+0");
		assertThat(bothModes).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("--copy and --reference exclude each other");
	}

	@Test
	void aJobsHistoryFollowsItsRecordedTimesAndAPrintingJobArrivesHeld() {
		Instant created = Instant.parse("2024-05-01T09:00:00Z");
		Instant started = created.plusSeconds(60);
		Instant done = created.plusSeconds(600);
		Instant now = Instant.parse("2026-01-01T00:00:00Z");

		JobHistory completed = JobHistory.of(job("done", created, started, done), now);
		JobHistory printing = JobHistory.of(job("printing", created, started, null), now);
		JobHistory queued = JobHistory.of(job("queued", created, null, null), now);

		assertThat(completed.status()).isEqualTo("completed");
		assertThat(completed.entries()).extracting(entry -> entry.get("to_status"))
			.containsExactly("pending", "processing", "completed");
		assertThat(completed.entries().get(2)).containsEntry("at", done.toString())
			.containsEntry("from_status", "processing");
		assertThat(printing.status()).isEqualTo("held");
		assertThat(printing.reason()).isEqualTo(JobHistory.IMPORTED_WHILE_PROCESSING);
		assertThat(printing.entries()).extracting(entry -> entry.get("to_status"))
			.containsExactly("pending", "processing", "held");
		assertThat(queued.status()).isEqualTo("pending");
		assertThat(queued.entries()).hasSize(1);
		// A start recorded before the creation is not allowed to run time backwards.
		JobHistory skewed = JobHistory.of(job("completed", created, created.minusSeconds(30), done), now);
		assertThat(skewed.entries().get(1)).containsEntry("at", created.toString());
	}

	@Test
	void anUnknownJobStatusIsRefusedWithTheStatus() {
		Instant created = Instant.parse("2024-05-01T09:00:00Z");

		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> JobHistory.of(job("exploded", created, null, null), created))
			.withMessageContaining("'exploded'");
	}

	private static PrintshopTables.Job job(String status, Instant created, Instant started, Instant completed) {
		return new PrintshopTables.Job(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, null, "Order",
				status, 0, List.of(), "{}", 0, null, started, completed, null, created,
				completed != null ? completed : created);
	}

}

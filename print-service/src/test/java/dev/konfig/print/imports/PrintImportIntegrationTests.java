package dev.konfig.print.imports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.konfig.print.PrintIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The importer's endpoints on the real PostgreSQL: ids kept, a second run finds everything,
 * a dry run writes nothing, today's rules refuse a row and leave nothing of it, another
 * organization's id is a conflict, and only services may call.
 */
class PrintImportIntegrationTests extends PrintIntegrationTest {

	private static final String IMPORTER = tokens.service("importer");

	@Test
	void aPrinterIsImportedWithItsIdOnceAndReadThroughThePublicApi() {
		UUID org = organization();
		UUID id = UUID.randomUUID();
		Map<String, Object> printer = printer(id, org, 64);

		post(IMPORTER, "/internal/import/printers?dry_run=true", printer).expectStatus().isCreated();
		assertThat(number("SELECT count(*) FROM print.printers WHERE id = ?", id)).isZero();

		post(IMPORTER, "/internal/import/printers", printer).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("imported");
		post(IMPORTER, "/internal/import/printers", printer).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.outcome")
			.isEqualTo("already_there");

		Map<String, Object> read = body(get(member(org), "/api/v1/printers/" + id).expectStatus().isOk());
		assertThat(read).containsEntry("name", printer.get("name")).containsEntry("dpi", 360);
		assertThat(((Number) read.get("max_width_inches")).doubleValue()).isEqualTo(64.0);
		assertThat(number("SELECT count(*) FROM print.outbox WHERE payload ->> 'event_type' = 'printer.imported' "
				+ "AND payload ->> 'entity_id' = ?", id.toString())).isEqualTo(1);
	}

	@Test
	void aPrinterWiderThanFiveHundredInchesIsRefusedAndNothingOfItIsWritten() {
		UUID org = organization();
		UUID id = UUID.randomUUID();

		post(IMPORTER, "/internal/import/printers", printer(id, org, 512)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("max_width_inches");

		assertThat(number("SELECT count(*) FROM print.printers WHERE id = ?", id)).isZero();
		assertThat(number("SELECT count(*) FROM print.outbox WHERE payload ->> 'entity_id' = ?", id.toString()))
			.isZero();
	}

	@Test
	void anIdOfAnotherOrganizationIsAConflictAndOnlyTheImporterImports() {
		UUID id = UUID.randomUUID();
		post(IMPORTER, "/internal/import/printers", printer(id, organization(), 24)).expectStatus().isCreated();

		post(IMPORTER, "/internal/import/printers", printer(id, organization(), 24)).expectStatus()
			.isEqualTo(409);
		UUID org = organization();
		post(admin(org), "/internal/import/printers", printer(UUID.randomUUID(), org, 24)).expectStatus()
			.isForbidden();
		post(tokens.service("tenant-service"), "/internal/import/printers", printer(UUID.randomUUID(), org, 24))
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aCanvasConfigIsImportedOnce() {
		UUID org = organization();
		UUID id = UUID.randomUUID();
		Map<String, Object> canvas = new LinkedHashMap<>(Map.of("id", id, "organization_id", org, "source",
				"printshop", "name", "UVDTF Decal " + id, "width_inches", 3.5, "height_inches", 4, "dpi", 400,
				"spacing_width_inches", 0.25, "spacing_height_inches", 0.125, "created_at", "2024-03-01T10:00:00Z"));

		post(IMPORTER, "/internal/import/canvas-configs", canvas).expectStatus().isCreated();
		post(IMPORTER, "/internal/import/canvas-configs", canvas).expectStatus().isOk();

		Map<String, Object> read = body(get(member(org), "/api/v1/canvas-configs/" + id).expectStatus().isOk());
		assertThat(read).containsEntry("dpi", 400).containsEntry("name", canvas.get("name"));
		assertThat(number("SELECT count(*) FROM print.canvas_configs WHERE id = ? AND created_at = "
				+ "'2024-03-01T10:00:00Z'", id)).isEqualTo(1);
	}

	@Test
	void aJobComesWithItsWholeHistoryOnceAndABrokenHistoryLeavesNothing() {
		UUID org = organization();
		UUID printer = UUID.randomUUID();
		post(IMPORTER, "/internal/import/printers", printer(printer, org, 24)).expectStatus().isCreated();
		UUID id = UUID.randomUUID();
		Map<String, Object> job = job(id, org, printer, "completed",
				List.of(Map.of("at", "2024-05-01T09:00:00Z", "to_status", "pending", "reason", "imported"),
						Map.of("at", "2024-05-01T09:05:00Z", "from_status", "pending", "to_status", "processing"),
						Map.of("at", "2024-05-01T09:30:00Z", "from_status", "processing", "to_status", "completed")));

		post(IMPORTER, "/internal/import/print-jobs", job).expectStatus().isCreated();
		post(IMPORTER, "/internal/import/print-jobs", job).expectStatus().isOk();

		Map<String, Object> read = body(get(member(org), "/api/v1/print-jobs/" + id).expectStatus().isOk());
		assertThat(read).containsEntry("status", "completed").containsEntry("printer_id", printer.toString());
		assertThat(number("SELECT count(*) FROM print.print_job_history WHERE job_id = ?", id)).isEqualTo(3);

		UUID broken = UUID.randomUUID();
		post(IMPORTER, "/internal/import/print-jobs",
				job(broken, org, printer, "completed",
						List.of(Map.of("at", "2024-05-01T09:00:00Z", "to_status", "pending"),
								Map.of("at", "2024-05-01T09:30:00Z", "from_status", "held", "to_status",
										"completed"))))
			.expectStatus()
			.isBadRequest();
		UUID strange = UUID.randomUUID();
		post(IMPORTER, "/internal/import/print-jobs", job(strange, org, UUID.randomUUID(), "pending",
				List.of(Map.of("at", "2024-05-01T09:00:00Z", "to_status", "pending"))))
			.expectStatus()
			.isEqualTo(422);
		assertThat(number("SELECT count(*) FROM print.print_jobs WHERE id IN (?, ?)", broken, strange)).isZero();
		assertThat(number("SELECT count(*) FROM print.print_job_history WHERE job_id IN (?, ?)", broken, strange))
			.isZero();
	}

	private static Map<String, Object> printer(UUID id, UUID org, double width) {
		Map<String, Object> printer = new LinkedHashMap<>();
		printer.put("id", id);
		printer.put("organization_id", org);
		printer.put("source", "printshop");
		printer.put("name", "Legacy DTF " + id);
		printer.put("printer_type", "dtf");
		printer.put("max_width_inches", width);
		printer.put("max_height_inches", 200);
		printer.put("dpi", 360);
		printer.put("is_default", true);
		printer.put("created_by", UUID.randomUUID());
		printer.put("created_at", "2024-01-02T03:04:05Z");
		return printer;
	}

	private static Map<String, Object> job(UUID id, UUID org, UUID printer, String status,
			List<Map<String, Object>> history) {
		Map<String, Object> job = new LinkedHashMap<>();
		job.put("id", id);
		job.put("organization_id", org);
		job.put("source", "printshop");
		job.put("created_by", UUID.randomUUID());
		job.put("job_name", "Order 1001");
		job.put("status", status);
		job.put("priority", 60);
		job.put("printer_id", printer);
		job.put("file_ids", List.of(UUID.randomUUID()));
		job.put("print_config", Map.of("copies", 2));
		job.put("created_at", "2024-05-01T09:00:00Z");
		job.put("history", history);
		return job;
	}

}

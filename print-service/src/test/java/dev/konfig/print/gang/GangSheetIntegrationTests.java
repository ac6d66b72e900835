package dev.konfig.print.gang;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.test.OutboxRows;
import dev.konfig.print.PrintIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GangSheetIntegrationTests extends PrintIntegrationTest {

	@Test
	@SuppressWarnings("unchecked")
	void previewResolvesParametersWithTheirSourcesAndStoresNothing() {
		UUID org = organization();
		Map<String, Object> printer = printer(org, Map.of("dpi", 300));
		UUID file = peers.file(org, 4000, 1600, 400);
		Map<String, Object> layout = body(post(member(org), "/api/v1/gang-sheets/preview", Map.of("printer_id",
				printer.get("id"), "items", List.of(Map.of("file_id", file.toString(), "quantity", 3)), "print_config",
				Map.of("dpi", 400, "template_name", "UVDTF 16oz", "algorithm", "rows"))).expectStatus().isOk());
		assertThat(layout).containsEntry("algorithm", "rows").containsEntry("dpi", 400)
			.containsEntry("sheet_width_inches", 23).containsEntry("max_length_inches", 215)
			.containsEntry("spacing_width_inches", 0.32).containsEntry("spacing_height_inches", 0.5)
			.containsEntry("margin_inches", 0).containsEntry("rotation", "auto").containsEntry("total_copies", 3)
			.doesNotContainKey("layout_id");
		assertThat((Map<String, Object>) layout.get("sources")).containsEntry("dpi", "print_config")
			.containsEntry("sheet_width_inches", "printer").containsEntry("spacing_width_inches", "template_preset")
			.containsEntry("margin_inches", "default").containsEntry("algorithm", "print_config");
		List<Map<String, Object>> sheets = (List<Map<String, Object>>) layout.get("sheets");
		List<Map<String, Object>> placements = (List<Map<String, Object>>) sheets.get(0).get("placements");
		// 10 × 4 in at 400 DPI, 0.32 in (128 px) across: two a row, the third a row lower by 4 in + 0.5 in.
		assertThat(placements).extracting(p -> List.of(p.get("x_px"), p.get("y_px")))
			.containsExactly(List.of(0, 0), List.of(4128, 0), List.of(0, 1800));
		assertThat(sheets.get(0)).containsEntry("length_px", 3400).containsEntry("width_px", 9200);
		assertThat(number("SELECT count(*) FROM print.gang_sheet_layouts WHERE organization_id = ?", org)).isZero();
		assertThat(number("SELECT count(*) FROM print.outbox WHERE organization_id = ?", org)).isEqualTo(1);

		// Without a printer and without a default printer: the defaults, the default algorithm.
		Map<String, Object> defaults = body(post(member(org), "/api/v1/gang-sheets/preview", Map.of("items",
				List.of(Map.of("file_id", file.toString(), "quantity", 2, "width_inches", 5)))).expectStatus().isOk());
		assertThat(defaults).containsEntry("algorithm", "maxrects").containsEntry("dpi", 400)
			.containsEntry("spacing_width_inches", 0.125);
		assertThat((Map<String, Object>) defaults.get("sources")).containsEntry("dpi", "default")
			.containsEntry("sheet_width_inches", "default");
		// 5 in wide, the height from the aspect ratio: 2 in.
		assertThat(((List<Map<String, Object>>) ((List<Map<String, Object>>) defaults.get("sheets")).get(0)
			.get("placements")).get(0)).containsEntry("width_px", 2000).containsEntry("height_px", 800);
	}

	@Test
	@SuppressWarnings("unchecked")
	void aCanvasConfigGivesDpiSpacingAndPrintSizes() {
		UUID org = organization();
		printer(org, Map.of("is_default", true, "dpi", 600));
		Map<String, Object> canvas = body(post(admin(org), "/api/v1/canvas-configs", Map.of("name", "Decal",
				"width_inches", 4, "height_inches", 2, "dpi", 300, "spacing_width_inches", 0.25,
				"spacing_height_inches", 0.5, "is_stretch", false)).expectStatus().isCreated());
		// 1000 × 1000 px fitted inside 4 × 2 in, aspect kept: 2 × 2 in, 600 × 600 px at the canvas's 300 DPI.
		UUID file = peers.file(org, 1000, 1000, 0);
		Map<String, Object> layout = body(post(member(org), "/api/v1/gang-sheets/preview", Map.of("canvas_config_id",
				canvas.get("id"), "items", List.of(Map.of("file_id", file.toString(), "quantity", 2)))).expectStatus()
			.isOk());
		assertThat(layout).containsEntry("dpi", 300).containsEntry("spacing_width_inches", 0.25)
			.containsEntry("spacing_height_inches", 0.5);
		assertThat((Map<String, Object>) layout.get("sources")).containsEntry("dpi", "canvas_config")
			.containsEntry("spacing_width_inches", "canvas_config").containsEntry("sheet_width_inches", "printer");
		List<Map<String, Object>> placements = (List<Map<String, Object>>) ((List<Map<String, Object>>) layout
			.get("sheets")).get(0).get("placements");
		assertThat(placements).extracting(p -> List.of(p.get("x_px"), p.get("width_px"), p.get("height_px")))
			.containsExactly(List.of(0, 600, 600), List.of(675, 600, 600));
		// Another organization's canvas config is not one of the caller's.
		post(member(organization()), "/api/v1/gang-sheets/preview", Map.of("canvas_config_id", canvas.get("id"),
				"items", List.of(Map.of("file_id", file.toString(), "quantity", 1)))).expectStatus().isEqualTo(422);
	}

	@Test
	@SuppressWarnings("unchecked")
	void refusesADesignTooLargeInEveryOrientationNamingItAndBadItems() {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID small = peers.file(org, 400, 400, 400);
		UUID huge = peers.file(org, 12000, 12000, 400);
		Map<String, Object> problem = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "gang",
				"job_type", "gang_sheets", "items", List.of(Map.of("file_id", small.toString(), "quantity", 1),
						Map.of("file_id", huge.toString(), "quantity", 1)))).expectStatus().isEqualTo(422));
		assertThat(problem.get("detail").toString()).contains("items[1]").contains("30 × 30 in").contains("23 × 215 in");
		assertThat(problem.get("errors").toString()).contains("items[1]");
		post(member(org), "/api/v1/gang-sheets/preview", Map.of("items", List.of(Map.of("file_id", huge.toString(),
				"quantity", 1)))).expectStatus().isEqualTo(422);
		for (Object items : List.of(List.of(), "x", List.of(Map.of("file_id", small.toString(), "quantity", 0)),
				List.of(Map.of("file_id", small.toString(), "quantity", 1, "colour", "red")),
				List.of(Map.of("file_id", small.toString(), "quantity", 10_000),
						Map.of("file_id", small.toString(), "quantity", 10_001)))) {
			post(member(org), "/api/v1/gang-sheets/preview", Map.of("items", items)).expectStatus().isBadRequest();
		}
		UUID noDpi = peers.file(org, 400, 400, 0);
		assertThat(body(post(member(org), "/api/v1/gang-sheets/preview",
				Map.of("items", List.of(Map.of("file_id", noDpi.toString(), "quantity", 1)))).expectStatus()
			.isEqualTo(422)).get("detail").toString()).contains("print size unknown");
		UUID pdf = peers.file(org, "ready", "application/pdf", 400, 400, 400);
		assertThat(body(post(member(org), "/api/v1/gang-sheets/preview",
				Map.of("items", List.of(Map.of("file_id", pdf.toString(), "quantity", 1)))).expectStatus()
			.isEqualTo(422)).get("detail").toString()).contains("not a raster design");
		// Low DPI: a warning, or a refusal with strict_dpi.
		UUID low = peers.file(org, 400, 400, 100);
		Map<String, Object> warned = body(post(member(org), "/api/v1/gang-sheets/preview",
				Map.of("items", List.of(Map.of("file_id", low.toString(), "quantity", 1)))).expectStatus().isOk());
		assertThat((List<Map<String, Object>>) warned.get("warnings")).extracting(w -> w.get("code"))
			.containsExactly("low_dpi", "upscaled");
		post(member(org), "/api/v1/gang-sheets/preview", Map.of("items", List.of(Map.of("file_id", low.toString(),
				"quantity", 1)), "print_config", Map.of("strict_dpi", true))).expectStatus().isEqualTo(422);
		assertThat(number("SELECT count(*) FROM print.print_jobs WHERE organization_id = ?", org)).isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aGangSheetsJobStoresItsLayoutOnceWithAnEvent() {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID a = peers.file(org, 4000, 1600, 400);
		UUID b = peers.file(org, 800, 800, 400);
		// Held, so the renderer leaves it pending for the edits below.
		Map<String, Object> request = Map.of("job_name", "gang", "job_type", "gang_sheets", "hold", true, "items",
				List.of(Map.of("file_id", a.toString(), "quantity", 3), Map.of("file_id", b.toString(), "quantity", 5)));
		Map<String, Object> preview = body(post(member(org), "/api/v1/gang-sheets/preview",
				Map.of("items", request.get("items"))).expectStatus().isOk());
		Map<String, Object> job = body(post(member(org), "/api/v1/print-jobs", request).expectStatus().isCreated());
		assertThat(job).containsEntry("job_type", "gang_sheets").containsEntry("status", "held");
		assertThat(job.get("layout_id")).isNotNull();
		Map<String, Object> layout = body(get(member(org), "/api/v1/print-jobs/" + job.get("id") + "/layout")
			.expectStatus().isOk());
		assertThat(layout).containsEntry("layout_id", job.get("layout_id")).containsEntry("job_id", job.get("id"))
			.containsEntry("total_copies", 8).containsEntry("sheets", preview.get("sheets"));
		assertThat(body(get(member(org), "/api/v1/gang-sheets/layouts/" + job.get("layout_id")).expectStatus().isOk()))
			.isEqualTo(layout);
		get(member(organization()), "/api/v1/gang-sheets/layouts/" + job.get("layout_id")).expectStatus().isNotFound();
		get(member(org), "/api/v1/gang-sheets/layouts/" + UUID.randomUUID()).expectStatus().isNotFound();
		get(member(org), "/api/v1/gang-sheets/layouts/not-a-uuid").expectStatus().isNotFound();
		assertThat(OutboxRows.forEntity("print", job.get("layout_id"))).extracting(row -> row.get("event_type"))
			.containsExactly("gang_sheet.layout_created");
		// The layout is fixed: what it was made from cannot change; the name can.
		patch(admin(org), "/api/v1/print-jobs/" + job.get("id"), Map.of("print_config", Map.of("dpi", 300)))
			.expectStatus().isEqualTo(422);
		patch(admin(org), "/api/v1/print-jobs/" + job.get("id"), Map.of("printer_id", printer(org, Map.of()).get("id")))
			.expectStatus().isEqualTo(422);
		patch(admin(org), "/api/v1/print-jobs/" + job.get("id"), Map.of("job_name", "renamed")).expectStatus().isOk();
		// A print_files job has no layout.
		Map<String, Object> files = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "files",
				"file_ids", List.of(b.toString()))).expectStatus().isCreated());
		get(member(org), "/api/v1/print-jobs/" + files.get("id") + "/layout").expectStatus().isNotFound();
		// Immutable.
		assertThatThrownBy(() -> number("WITH u AS (UPDATE print.gang_sheet_layouts SET sheets = 9 WHERE id = ? "
					+ "RETURNING 1) SELECT count(*) FROM u", UUID.fromString((String) job.get("layout_id"))))
			.hasMessageContaining("immutable");
	}

}

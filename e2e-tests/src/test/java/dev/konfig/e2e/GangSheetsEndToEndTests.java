package dev.konfig.e2e;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gang sheets through the gateway: three designs uploaded to file-service, a layout previewed, a
 * {@code gang_sheets} job created with {@code auto_print}; print-service's renderer claims it,
 * streams the sheets into file-service (the job's id in their metadata) and completes it, and a
 * {@code print_files} job for the sheets waits for an agent.
 */
class GangSheetsEndToEndTests {

	private static final Duration RENDER = Duration.ofSeconds(90);

	@SuppressWarnings("unchecked")
	@Test
	void threeDesignsArePreviewedRenderedIntoFileServiceAndQueuedForPrinting() throws Exception {
		Session owner = Accounts.registerOrganization();
		int[][] sizes = { { 120, 60 }, { 40, 160 }, { 50, 50 } };
		List<Object> items = new ArrayList<>();
		for (int i = 0; i < sizes.length; i++) {
			byte[] design = FilesEndToEndTests.png(sizes[i][0], sizes[i][1], 15748, 20 + i);
			Map<String, Object> file = Accounts.gateway().post()
				.uri("/api/v1/files?file_type=design&filename=design-" + i + ".png")
				.headers(headers -> headers.setBearerAuth(owner.accessToken()))
				.contentType(MediaType.IMAGE_PNG)
				.bodyValue(design)
				.exchange()
				.expectStatus().isCreated()
				.expectBody(Map.class).returnResult().getResponseBody();
			items.add(Map.of("file_id", String.valueOf(file.get("id")), "quantity", 3 + i));
		}
		body(Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/printers",
				Map.of("name", "Epson F2100", "printer_type", "dtf", "max_width_inches", 23, "max_height_inches", 215,
						"dpi", 400, "is_default", true)).expectStatus().isCreated());
		Map<String, Object> config = Map.of("auto_print", true, "sheet_width_inches", 1, "max_length_inches", 2,
				"spacing_width_inches", 0.05, "spacing_height_inches", 0.05);

		Map<String, Object> preview = body(Accounts.call(owner.accessToken(), HttpMethod.POST,
				"/api/v1/gang-sheets/preview", Map.of("items", items, "print_config", config)).expectStatus().isOk());
		assertThat(preview).containsEntry("total_copies", 12).containsEntry("algorithm", "maxrects")
			.containsEntry("dpi", 400);
		assertThat((Map<String, Object>) preview.get("sources")).containsEntry("dpi", "printer")
			.containsEntry("sheet_width_inches", "print_config");

		Map<String, Object> job = body(Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/print-jobs",
				Map.of("job_name", "Order 13", "job_type", "gang_sheets", "items", items, "print_config", config))
			.expectStatus().isCreated());
		String jobId = String.valueOf(job.get("id"));
		Map<String, Object> layout = body(Accounts.call(owner.accessToken(), HttpMethod.GET,
				"/api/v1/print-jobs/" + jobId + "/layout", null).expectStatus().isOk());
		assertThat(layout.get("sheets")).isEqualTo(preview.get("sheets"));

		Instant deadline = Instant.now().plus(RENDER);
		Map<String, Object> done = job;
		while (Instant.now().isBefore(deadline) && !"completed".equals(done.get("status"))
				&& !"failed".equals(done.get("status"))) {
			Thread.sleep(500);
			done = body(Accounts.call(owner.accessToken(), HttpMethod.GET, "/api/v1/print-jobs/" + jobId, null)
				.expectStatus().isOk());
		}
		assertThat(done).as("the renderer's outcome").containsEntry("status", "completed");
		List<String> outputs = (List<String>) done.get("output_files");
		List<Map<String, Object>> sheets = (List<Map<String, Object>>) layout.get("sheets");
		assertThat(outputs).hasSize(sheets.size());
		for (int s = 0; s < outputs.size(); s++) {
			Map<String, Object> file = body(Accounts.call(owner.accessToken(), HttpMethod.GET,
					"/api/v1/files/" + outputs.get(s), null).expectStatus().isOk());
			assertThat(file).containsEntry("file_type", "print_file").containsEntry("mime_type", "image/png");
			assertThat((Map<String, Object>) file.get("metadata")).containsEntry("job_id", jobId)
				.containsEntry("sheet_index", s);
			assertThat((Map<String, Object>) file.get("image")).containsEntry("dpi_x", 400)
				.containsEntry("width_px", 400).containsEntry("height_px", sheets.get(s).get("length_px"));
			byte[] png = Accounts.gateway().get()
				.uri("/api/v1/files/" + outputs.get(s) + "/content")
				.headers(headers -> headers.setBearerAuth(owner.accessToken()))
				.exchange()
				.expectStatus().isOk()
				.expectBody(byte[].class).returnResult().getResponseBody();
			assertThat(ImageIO.read(new ByteArrayInputStream(png)).getHeight()).isEqualTo(sheets.get(s).get("length_px"));
		}

		List<Map<String, Object>> printJobs = Accounts.gateway().get()
			.uri("/api/v1/print-jobs?job_type=print_files")
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.exchange()
			.expectStatus().isOk()
			.expectBody(List.class).returnResult().getResponseBody();
		assertThat(printJobs).singleElement().satisfies(child -> assertThat(child).containsEntry("status", "pending")
			.containsEntry("parent_job_id", jobId).containsEntry("file_ids", outputs));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> body(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec spec) {
		return spec.expectBody(Map.class).returnResult().getResponseBody();
	}

}

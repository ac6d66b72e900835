package dev.konfig.print.gang;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.test.OutboxRows;
import dev.konfig.print.PrintIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** RN-1..RN-7 against the real database, with file-service as {@link dev.konfig.print.PeerStub}. */
class GangRenderIntegrationTests extends PrintIntegrationTest {

	private static byte[] png(int width, int height, int seed) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				boolean hole = x < width / 4 && y < height / 4;
				image.setRGB(x, y, hole ? 0 : 0xff000000 | ((x * 5 + seed) & 0xff) << 16 | ((y * 3) & 0xff) << 8 | seed);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	private Map<String, Object> awaitJob(UUID org, Object id, String status) throws InterruptedException {
		Instant end = Instant.now().plus(Duration.ofSeconds(60));
		Map<String, Object> job = null;
		while (Instant.now().isBefore(end)) {
			job = body(get(member(org), "/api/v1/print-jobs/" + id).expectStatus().isOk());
			if (status.equals(job.get("status"))) {
				return job;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("The job did not become " + status + ": " + job);
	}

	@Test
	@SuppressWarnings("unchecked")
	void rendersAGangSheetsJobPixelExactIntoFileServiceAndQueuesItsPrintJob() throws Exception {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		Map<UUID, byte[]> sources = new HashMap<>();
		int[][] sizes = { { 120, 80 }, { 60, 200 }, { 50, 50 } };
		List<Object> items = new java.util.ArrayList<>();
		for (int i = 0; i < sizes.length; i++) {
			byte[] bytes = png(sizes[i][0], sizes[i][1], 40 * i + 1);
			UUID id = peers.design(org, bytes, sizes[i][0], sizes[i][1], 400);
			sources.put(id, bytes);
			items.add(Map.of("file_id", id.toString(), "quantity", 2 + i));
		}
		Map<String, Object> job = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "Order 77",
				"job_type", "gang_sheets", "order_ref", "#77", "items", items, "print_config",
				Map.of("auto_print", true, "sheet_width_inches", 1, "max_length_inches", 2, "spacing_width_inches", 0.02,
						"spacing_height_inches", 0.03, "margin_inches", 0.01)))
			.expectStatus().isCreated());
		Map<String, Object> done = awaitJob(org, job.get("id"), "completed");
		List<String> outputs = (List<String>) done.get("output_files");
		Map<String, Object> layout = body(get(member(org), "/api/v1/print-jobs/" + job.get("id") + "/layout"));
		List<Map<String, Object>> sheets = (List<Map<String, Object>>) layout.get("sheets");
		assertThat(outputs).hasSize(sheets.size()).isNotEmpty();
		assertThat(done).containsEntry("progress_percentage", 100);
		for (int s = 0; s < sheets.size(); s++) {
			UUID output = UUID.fromString(outputs.get(s));
			Map<String, Object> file = peers.files.get(output);
			assertThat(file).containsEntry("file_type", "print_file");
			assertThat((Map<String, Object>) file.get("metadata")).containsEntry("job_id", job.get("id"))
				.containsEntry("sheet_index", s).containsEntry("dpi", 400).containsEntry("layout_id", job.get("layout_id"));
			assertThat(file.get("filename").toString()).startsWith("Order 77 ").endsWith(" part " + (s + 1) + " of "
					+ sheets.size() + ".png");
			BufferedImage sheet = ImageIO.read(new ByteArrayInputStream(peers.contents.get(output)));
			assertThat(sheet.getWidth()).isEqualTo(400);
			assertThat(sheet.getHeight()).isEqualTo(sheets.get(s).get("length_px"));
			for (Map<String, Object> p : (List<Map<String, Object>>) sheets.get(s).get("placements")) {
				BufferedImage source = ImageIO.read(new ByteArrayInputStream(sources.get(UUID.fromString((String) p.get("file_id")))));
				int x0 = (Integer) p.get("x_px");
				int y0 = (Integer) p.get("y_px");
				boolean rotated = (Boolean) p.get("rotated");
				for (int y = 0; y < (Integer) p.get("height_px"); y++) {
					for (int x = 0; x < (Integer) p.get("width_px"); x++) {
						int expected = rotated ? source.getRGB(y, source.getHeight() - 1 - x) : source.getRGB(x, y);
						int actual = sheet.getRGB(x0 + x, y0 + y);
						if ((expected >>> 24) == 0) {
							assertThat(actual >>> 24).isZero();
						}
						else {
							assertThat(actual).as("%s at (%d, %d)", p, x, y).isEqualTo(expected);
						}
					}
				}
			}
		}
		// RN-7: a pending print_files job of the sheets, made from this one.
		List<Map<String, Object>> children = list(get(member(org), "/api/v1/print-jobs?job_type=print_files"));
		assertThat(children).hasSize(1);
		assertThat(children.get(0)).containsEntry("status", "pending").containsEntry("parent_job_id", job.get("id"))
			.containsEntry("file_ids", outputs).containsEntry("order_ref", "#77");
		assertThat(OutboxRows.forEntity("print", job.get("id"))).extracting(row -> row.get("event_type"))
			.containsExactly("print_job.created", "print_job.claimed", "print_job.completed");
	}

	@Test
	void anUnreadableDesignFailsTheJobAndLeavesNoSheetBehind() throws Exception {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID good = peers.design(org, png(40, 40, 9), 40, 40, 400);
		UUID junk = peers.file(org, 40, 40, 400);
		Map<String, Object> job = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "broken", "job_type",
				"gang_sheets", "items", List.of(Map.of("file_id", good.toString(), "quantity", 400), Map.of("file_id",
						junk.toString(), "quantity", 1)), "print_config", Map.of("sheet_width_inches", 2,
								"max_length_inches", 2))).expectStatus().isCreated());
		Map<String, Object> failed = awaitJob(org, job.get("id"), "failed");
		assertThat(failed).containsEntry("state_reason", "file-unreadable");
		assertThat(failed.get("error_message").toString()).contains(junk.toString());
		assertThat((List<?>) failed.get("output_files")).isEmpty();
		assertThat(peers.stored).noneMatch(id -> job.get("id").equals(((Map<?, ?>) peers.files.get(id).get("metadata")).get("job_id")));
	}

}

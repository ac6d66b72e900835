package dev.konfig.print.printer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import dev.konfig.platform.test.OutboxRows;
import dev.konfig.print.PrintIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class PrinterIntegrationTests extends PrintIntegrationTest {

	@Test
	void createsAPrinterWithComputedFieldsAndAnEvent() {
		UUID org = organization();
		Map<String, Object> created = printer(org, Map.of("max_width_inches", 23.5, "notes", "by the window"));
		assertThat(created.get("print_area_description")).isEqualTo("23.5\" x 215\"");
		assertThat(created.get("is_large_format")).isEqualTo(true);
		assertThat(created.get("dpi")).isEqualTo(400);
		assertThat(created.get("is_default")).isEqualTo(false);
		assertThat(OutboxRows.forEntity("print", created.get("id"))).extracting(row -> row.get("event_type"))
			.containsExactly("printer.created");
		get(member(org), "/api/v1/printers/" + created.get("id")).expectStatus().isOk().expectHeader().valueEquals("ETag", "\"1\"");
	}

	@Test
	void refusesBadFieldsWithTheirNamesAndWritesNothing() {
		UUID org = organization();
		for (Object dpi : List.of(149, 1201, 300.5, "300")) {
			Map<String, Object> problem = body(post(admin(org), "/api/v1/printers",
					Map.of("name", "P", "max_width_inches", 10, "max_height_inches", 10, "dpi", dpi))
				.expectStatus().isBadRequest());
			assertThat(problem.get("errors").toString()).contains("field=dpi");
		}
		for (Object width : List.of(0, -1, 501, 22.1234)) {
			post(admin(org), "/api/v1/printers", Map.of("name", "P", "max_width_inches", width, "max_height_inches", 10))
				.expectStatus().isBadRequest();
		}
		for (String type : List.of("thermal ", "DTF", "laserjet")) {
			Map<String, Object> problem = body(post(admin(org), "/api/v1/printers",
					Map.of("name", "P", "max_width_inches", 10, "max_height_inches", 10, "printer_type", type))
				.expectStatus().isBadRequest());
			assertThat(problem.get("errors").toString()).contains("inkjet, laser");
		}
		post(admin(org), "/api/v1/printers", Map.of("name", "P", "max_width_inches", 10, "max_height_inches", 10,
				"printer_config", Map.of("api_key", "x"))).expectStatus().isBadRequest();
		assertThat(number("SELECT count(*) FROM print.printers WHERE organization_id = ?", org)).isZero();
	}

	@Test
	void membersAndKeysReadButOnlyAdminsManage() {
		UUID org = organization();
		post(member(org), "/api/v1/printers", Map.of("name", "P", "max_width_inches", 10, "max_height_inches", 10))
			.expectStatus().isForbidden();
		post(apiKey(org, "read", "write"), "/api/v1/printers",
				Map.of("name", "P", "max_width_inches", 10, "max_height_inches", 10))
			.expectStatus().isForbidden();
		Map<String, Object> created = printer(org, Map.of());
		get(apiKey(org, "read"), "/api/v1/printers/" + created.get("id")).expectStatus().isOk();
		get(member(organization()), "/api/v1/printers/" + created.get("id")).expectStatus().isNotFound();
		get(member(org), "/api/v1/printers/not-a-uuid").expectStatus().isNotFound();
		patch(admin(organization()), "/api/v1/printers/" + created.get("id"), Map.of("name", "x"))
			.expectStatus().isNotFound();
	}

	@Test
	void oneDefaultUnderConcurrentSetDefault() {
		UUID org = organization();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			ids.add(printer(org, Map.of()).get("id").toString());
		}
		String token = admin(org);
		List<CompletableFuture<Void>> calls = new ArrayList<>();
		for (String id : ids) {
			calls.add(CompletableFuture.runAsync(() -> post(token, "/api/v1/printers/" + id + "/set-default", Map.of())
				.expectStatus().isOk()));
		}
		calls.forEach(CompletableFuture::join);
		assertThat(number("SELECT count(*) FROM print.printers WHERE organization_id = ? AND is_default", org))
			.isEqualTo(1);
		Map<String, Object> chosen = body(get(member(org), "/api/v1/printers/default").expectStatus().isOk());
		assertThat(list(get(member(org), "/api/v1/printers").expectStatus().isOk()).get(0).get("id"))
			.isEqualTo(chosen.get("id"));
	}

	@Test
	void defaultRulesAndDeactivation() {
		UUID org = organization();
		get(member(org), "/api/v1/printers/default").expectStatus().isNotFound();
		Map<String, Object> inactive = printer(org, Map.of("is_active", false));
		post(admin(org), "/api/v1/printers/" + inactive.get("id") + "/set-default", Map.of())
			.expectStatus().isEqualTo(409);
		Map<String, Object> first = printer(org, Map.of("is_default", true));
		assertThat(first.get("is_default")).isEqualTo(true);
		Map<String, Object> second = printer(org, Map.of("is_default", true));
		assertThat(body(get(member(org), "/api/v1/printers/" + first.get("id"))).get("is_default")).isEqualTo(false);
		Map<String, Object> deactivated = body(patch(admin(org), "/api/v1/printers/" + second.get("id"),
				Map.of("is_active", false)).expectStatus().isOk());
		assertThat(deactivated.get("is_default")).isEqualTo(false);
		get(member(org), "/api/v1/printers/default").expectStatus().isNotFound();
		assertThat(OutboxRows.forEntity("print", second.get("id"))).extracting(row -> row.get("event_type"))
			.contains("printer.default_changed", "printer.updated");
	}

	@Test
	void staleIfMatchIsRefused() {
		UUID org = organization();
		Map<String, Object> created = printer(org, Map.of());
		this.http.patch().uri("/api/v1/printers/" + created.get("id"))
			.headers(headers -> {
				headers.setBearerAuth(admin(org));
				headers.setIfMatch("\"7\"");
			})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "renamed"))
			.exchange()
			.expectStatus().isEqualTo(412);
		Map<String, Object> renamed = body(patch(admin(org), "/api/v1/printers/" + created.get("id"),
				Map.of("name", "renamed")).expectStatus().isOk());
		assertThat(renamed.get("version")).isEqualTo(2);
		Map<String, Object> event = OutboxRows.forEntity("print", created.get("id")).get(1);
		assertThat(event.toString()).contains("before").contains("renamed");
	}

	@Test
	void capabilityCompatibleStatsAndTemplates() {
		UUID org = organization();
		UUID template = UUID.randomUUID();
		Map<String, Object> small = printer(org, Map.of("max_width_inches", 13, "max_height_inches", 19, "dpi", 300,
				"supported_template_ids", List.of(template.toString())));
		Map<String, Object> big = printer(org, Map.of("dpi", 600));
		Map<String, Object> answer = body(get(member(org), "/api/v1/printers/" + small.get("id")
				+ "/capability?width_inches=18&height_inches=12&allow_rotation=true").expectStatus().isOk());
		assertThat(answer).containsEntry("can_print", true).containsEntry("width_fits", false)
			.containsEntry("fits_rotated", true);
		answer = body(post(member(org), "/api/v1/printers/" + small.get("id") + "/check-capability",
				Map.of("width_inches", 18, "height_inches", 12)).expectStatus().isOk());
		assertThat(answer.get("reason")).isEqualTo("Width 18\" exceeds max 13\"");
		get(member(org), "/api/v1/printers/" + small.get("id") + "/capability?width_inches=0&height_inches=1")
			.expectStatus().isBadRequest();
		get(member(org), "/api/v1/printers/" + small.get("id") + "/capability?height_inches=1")
			.expectStatus().isBadRequest();
		UUID file = peers.file(org, 3000, 3000, 300);
		answer = body(get(member(org), "/api/v1/printers/" + small.get("id")
				+ "/capability?width_inches=10&height_inches=10&file_id=" + file).expectStatus().isOk());
		assertThat(answer).containsEntry("effective_dpi", 300).containsEntry("dpi_ok", true);

		Map<String, Object> compatible = body(get(member(org),
				"/api/v1/printers/compatible?width_inches=20&height_inches=30").expectStatus().isOk());
		assertThat((List<?>) compatible.get("items")).hasSize(1);

		Map<String, Object> stats = body(get(member(org), "/api/v1/printers/stats/summary").expectStatus().isOk());
		assertThat(stats).containsEntry("total_printers", 2).containsEntry("average_dpi", 450.0);

		UUID other = UUID.randomUUID();
		this.http.put().uri("/api/v1/printers/" + small.get("id") + "/templates/" + other)
			.headers(headers -> headers.setBearerAuth(admin(org))).exchange().expectStatus().isOk();
		delete(admin(org), "/api/v1/printers/" + small.get("id") + "/templates/" + template).expectStatus().isNoContent();
		assertThat(body(get(member(org), "/api/v1/printers/" + small.get("id") + "/templates")).get("supported_template_ids"))
			.isEqualTo(List.of(other.toString()));
		delete(admin(org), "/api/v1/printers/" + big.get("id") + "/templates/" + template).expectStatus().isEqualTo(409);
		delete(admin(org), "/api/v1/printers/" + big.get("id")).expectStatus().isNoContent();
	}

}

package dev.konfig.print.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import dev.konfig.platform.test.OutboxRows;
import dev.konfig.print.PrintIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** XS-4's purge through the event backbone, and the usage tenant-service's stats ask for. */
class PurgeAndUsageIntegrationTests extends PrintIntegrationTest {

	@Test
	void forgetsTheDeletedOrganizationOnlyAndOnce() {
		UUID deleted = organization();
		UUID kept = organization();
		for (UUID org : List.of(deleted, kept)) {
			printer(org, Map.of("is_default", true));
			UUID file = peers.file(org, 100, 100, 300);
			post(member(org), "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString())))
				.expectStatus().isCreated();
			// A held gang-sheet job, so the renderer leaves it (and its history) alone.
			post(member(org), "/api/v1/print-jobs", Map.of("job_name", "gang", "job_type", "gang_sheets", "hold", true,
					"items", List.of(Map.of("file_id", file.toString(), "quantity", 2)))).expectStatus().isCreated();
			post(agent(org), "/api/v1/print-agent/heartbeat", Map.of("name", "pc")).expectStatus().isOk();
		}
		UUID eventId = UUID.randomUUID();
		deliver(eventId, deleted).expectStatus().is2xxSuccessful();
		for (String table : List.of("printers", "print_jobs", "print_job_history", "print_agents",
				"gang_sheet_layouts")) {
			assertThat(number("SELECT count(*) FROM print." + table + " WHERE organization_id = ?", deleted)).as(table)
				.isZero();
			assertThat(number("SELECT count(*) FROM print." + table + " WHERE organization_id = ?", kept)).as(table)
				.isPositive();
		}
		List<Map<String, Object>> purged = OutboxRows.where("print",
				"payload->>'event_type' = 'printers.purged' AND payload->>'organization_id' = ?", deleted.toString());
		assertThat(purged).hasSize(1);
		assertThat(purged.get(0).get("event_data")).isEqualTo(Map.of("history_entries", 2, "print_jobs", 2,
				"gang_sheet_layouts", 1, "print_agents", 1, "canvas_configs", 0, "printers", 1, "organization_event_id",
				eventId.toString()));
		deliver(eventId, deleted).expectStatus().is2xxSuccessful();
		assertThat(OutboxRows.where("print", "payload->>'event_type' = 'printers.purged' AND payload->>'organization_id' = ?",
				deleted.toString())).hasSize(1);
	}

	@Test
	void answersUsagePerOrganizationAndTotals() {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		printer(org, Map.of("is_active", false));
		UUID file = peers.file(org, 100, 100, 300);
		post(member(org), "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString())))
			.expectStatus().isCreated();
		UUID empty = organization();
		Map<String, Object> usage = body(post(tokens.service("tenant-service"), "/internal/usage",
				Map.of("organization_ids", List.of(org.toString(), empty.toString()))).expectStatus().isOk());
		List<?> items = (List<?>) usage.get("items");
		assertThat(items).hasSize(2);
		assertThat((Map<String, Object>) items.get(0)).containsEntry("printer_count", 2)
			.containsEntry("active_printer_count", 1).containsEntry("print_jobs_this_month", 1)
			.containsEntry("print_jobs", Map.of("by_status", Map.of("pending", 1)));
		assertThat((Map<String, Object>) items.get(1)).containsEntry("printer_count", 0);
		post(tokens.service("tenant-service"), "/internal/usage", Map.of("organization_ids", "nope"))
			.expectStatus().isBadRequest();
		post(member(org), "/internal/usage", Map.of("organization_ids", List.of(org.toString())))
			.expectStatus().isForbidden();
		assertThat(body(get(tokens.service("tenant-service"), "/internal/usage/totals").expectStatus().isOk()))
			.containsKeys("printers", "print_jobs");
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec deliver(UUID eventId,
			UUID organization) {
		return this.http.post()
			.uri("/internal/events")
			.headers(headers -> headers.setBearerAuth(tokens.service("tenant-service")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"events": [{"id": "%s", "organization_id": "%s", "occurred_at": "%s",
					  "event_type": "organization.deleted", "entity_type": "organization", "entity_id": "%s",
					  "actor": {"id": "%s", "type": "user"}, "outcome": "success",
					  "event_data": {"id": "%s", "name": "Gone", "status": "active", "version": 2}}]}
					""".formatted(eventId, organization, Instant.now(), organization, UUID.randomUUID(), organization))
			.exchange();
	}

}

package dev.konfig.print.job;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.print.PrintIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobIntegrationTests extends PrintIntegrationTest {

	@Test
	void createsAJobOnTheDefaultPrinterWithHistoryAndEvent() {
		UUID org = organization();
		Map<String, Object> printer = printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 4000, 8000, 400);
		UUID shop = peers.shop(org);
		Map<String, Object> job = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "Order #12345",
				"file_ids", List.of(file.toString()), "shop_id", shop.toString(), "order_ref", "#12345",
				"print_config", Map.of("copies", 2, "agent_hint", "keep"))).expectStatus().isCreated());
		assertThat(job).containsEntry("status", "pending").containsEntry("printer_id", printer.get("id"))
			.containsEntry("priority", 50).containsEntry("printer_name", printer.get("name"));
		assertThat(job.toString()).contains("agent_hint");
		Map<String, Object> history = body(get(member(org), "/api/v1/print-jobs/" + job.get("id") + "/history"));
		assertThat((List<?>) history.get("items")).hasSize(1);
		assertThat(OutboxRows.forEntity("print", job.get("id"))).extracting(row -> row.get("event_type"))
			.containsExactly("print_job.created");
		assertThat(list(get(member(org), "/api/v1/print-jobs?status=pending,held"))).hasSize(1);
		get(member(organization()), "/api/v1/print-jobs/" + job.get("id")).expectStatus().isNotFound();
	}

	@Test
	void refusesBadJobsAndWritesNothing() {
		UUID org = organization();
		String token = member(org);
		post(token, "/api/v1/print-jobs", Map.of("file_ids", List.of(UUID.randomUUID().toString())))
			.expectStatus().isBadRequest();
		UUID file = peers.file(org, 100, 100, 300);
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "job_type", "mockups", "file_ids",
				List.of(file.toString()))).expectStatus().isBadRequest();
		for (int priority : new int[] { 0, 101 }) {
			post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "priority", priority, "file_ids",
					List.of(file.toString()))).expectStatus().isBadRequest();
		}
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of())).expectStatus().isBadRequest();
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString(), file.toString())))
			.expectStatus().isBadRequest();
		// No printer and no default printer.
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString())))
			.expectStatus().isEqualTo(422);
		Map<String, Object> inactive = printer(org, Map.of("is_active", false));
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "printer_id", inactive.get("id"), "file_ids",
				List.of(file.toString()))).expectStatus().isEqualTo(422);
		printer(org, Map.of("is_default", true, "max_width_inches", 10, "max_height_inches", 10));
		Map<String, Object> problem = body(post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids",
				List.of(UUID.randomUUID().toString()))).expectStatus().isEqualTo(422));
		assertThat(problem.get("errors").toString()).contains("file_ids[0]");
		UUID foreign = peers.file(organization(), 100, 100, 300);
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(foreign.toString())))
			.expectStatus().isEqualTo(422);
		UUID archived = peers.file(org, "archived", "image/png", 100, 100, 300);
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(archived.toString())))
			.expectStatus().isEqualTo(422);
		UUID zip = peers.file(org, "ready", "application/zip", 100, 100, 300);
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(zip.toString())))
			.expectStatus().isEqualTo(422);
		UUID huge = peers.file(org, 6000, 3000, 300);
		assertThat(body(post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(huge.toString())))
			.expectStatus().isEqualTo(422)).get("reason")).isEqualTo("media-too-narrow");
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "shop_id", UUID.randomUUID().toString(), "file_ids",
				List.of(file.toString()))).expectStatus().isEqualTo(422);
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString()), "print_config",
				List.of(1))).expectStatus().isBadRequest();
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString()), "print_config",
				Map.of("copies", 0))).expectStatus().isBadRequest();
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString()), "print_config",
				Map.of("rotation", "sideways"))).expectStatus().isBadRequest();
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString()), "print_config",
				Map.of("algorithm", "guillotine"))).expectStatus().isBadRequest();
		post(token, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString()), "print_config",
				Map.of("blob", "x".repeat(17_000)))).expectStatus().isBadRequest();
		assertThat(number("SELECT count(*) FROM print.print_jobs WHERE organization_id = ?", org)).isZero();
		assertThat(number("SELECT count(*) FROM print.outbox WHERE organization_id = ? AND event_type LIKE 'print_job%'",
				org)).isZero();
	}

	@Test
	void transitionsFollowTheTable() {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 100, 100, 300);
		String creator = member(org);
		String job = body(post(creator, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids",
				List.of(file.toString()), "hold", true)).expectStatus().isCreated()).get("id").toString();
		assertThat(body(get(creator, "/api/v1/print-jobs/" + job)).get("status")).isEqualTo("held");
		post(member(org), "/api/v1/print-jobs/" + job + "/release", Map.of()).expectStatus().isForbidden();
		post(creator, "/api/v1/print-jobs/" + job + "/release", Map.of()).expectStatus().isOk();
		Map<String, Object> problem = body(post(creator, "/api/v1/print-jobs/" + job + "/retry", Map.of())
			.expectStatus().isEqualTo(409));
		assertThat(problem.get("status")).isEqualTo("pending");
		post(creator, "/api/v1/print-jobs/" + job + "/hold", Map.of()).expectStatus().isOk();
		patch(creator, "/api/v1/print-jobs/" + job, Map.of("priority", 90, "job_name", "renamed")).expectStatus().isOk();
		post(admin(org), "/api/v1/print-jobs/" + job + "/cancel", Map.of()).expectStatus().isOk();
		assertThat(body(post(creator, "/api/v1/print-jobs/" + job + "/cancel", Map.of()).expectStatus().isEqualTo(409))
			.get("status")).isEqualTo("cancelled");
		patch(creator, "/api/v1/print-jobs/" + job, Map.of("priority", 10)).expectStatus().isEqualTo(409);
		List<?> history = (List<?>) body(get(creator, "/api/v1/print-jobs/" + job + "/history")).get("items");
		assertThat(history).hasSize(4);
		assertThat(OutboxRows.forEntity("print", job)).extracting(row -> row.get("event_type")).containsExactly(
				"print_job.created", "print_job.released", "print_job.held", "print_job.updated", "print_job.cancelled");
	}

	@Test
	void historyIsAppendOnly() {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 100, 100, 300);
		String job = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids",
				List.of(file.toString())))).get("id").toString();
		assertThatThrownBy(() -> TestDatabase.get().number(
				"WITH changed AS (UPDATE print.print_job_history SET reason = 'x' WHERE job_id = ?::uuid RETURNING 1) "
						+ "SELECT count(*) FROM changed", job)).hasMessageContaining("append-only");
		assertThatThrownBy(() -> TestDatabase.get().number(
				"WITH gone AS (DELETE FROM print.print_job_history WHERE job_id = ?::uuid RETURNING 1) "
						+ "SELECT count(*) FROM gone", job)).hasMessageContaining("append-only");
	}

	@Test
	void idempotencyKeyReplaysTheFirstAnswer() {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 100, 100, 300);
		String token = member(org);
		Map<String, Object> request = Map.of("job_name", "once", "file_ids", List.of(file.toString()));
		Map<String, Object> first = body(this.http.post().uri("/api/v1/print-jobs")
			.headers(headers -> {
				headers.setBearerAuth(token);
				headers.set("Idempotency-Key", "order-1");
			})
			.contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange().expectStatus().isCreated());
		Map<String, Object> again = body(this.http.post().uri("/api/v1/print-jobs")
			.headers(headers -> {
				headers.setBearerAuth(token);
				headers.set("Idempotency-Key", "order-1");
			})
			.contentType(MediaType.APPLICATION_JSON).bodyValue(request).exchange().expectStatus().isCreated());
		assertThat(again.get("id")).isEqualTo(first.get("id"));
		this.http.post().uri("/api/v1/print-jobs")
			.headers(headers -> {
				headers.setBearerAuth(token);
				headers.set("Idempotency-Key", "order-1");
			})
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("job_name", "other", "file_ids",
					List.of(file.toString()))).exchange().expectStatus().isEqualTo(422);
		assertThat(number("SELECT count(*) FROM print.print_jobs WHERE organization_id = ?", org)).isEqualTo(1);
	}

	@Test
	void statsAndQueueCountOnlyTheCallersOrganization() {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 100, 100, 300);
		post(member(org), "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString())))
			.expectStatus().isCreated();
		Map<String, Object> stats = body(get(member(org), "/api/v1/print-jobs/stats/summary").expectStatus().isOk());
		assertThat(stats).containsEntry("total_jobs", 1).containsEntry("window_days", 30);
		get(member(org), "/api/v1/print-jobs/stats/summary?days=0").expectStatus().isBadRequest();
		get(member(org), "/api/v1/print-jobs/stats/summary?days=366").expectStatus().isBadRequest();
		Map<String, Object> queue = body(get(member(org), "/api/v1/print-jobs/queue/info").expectStatus().isOk());
		assertThat(queue).containsEntry("pending_jobs", 1).containsEntry("held_jobs", 0);
		assertThat(body(get(member(organization()), "/api/v1/print-jobs/queue/info")).get("pending_jobs")).isEqualTo(0);
		get(member(org), "/api/v1/print-jobs?limit=0").expectStatus().isBadRequest();
		get(member(org), "/api/v1/print-jobs?cursor=nonsense").expectStatus().isBadRequest();
	}

}

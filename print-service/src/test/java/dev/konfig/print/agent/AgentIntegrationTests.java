package dev.konfig.print.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.konfig.platform.test.OutboxRows;
import dev.konfig.print.PrintIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class AgentIntegrationTests extends PrintIntegrationTest {

	@Autowired
	private LeaseSweeper sweeper;

	/** Jobs inserted straight into the table (the claim is under test, not creation). */
	private static void queue(UUID org, UUID printer, int count, int priority) {
		number("WITH made AS (INSERT INTO print.print_jobs (id, organization_id, created_by, created_by_type, job_name, "
				+ "priority, printer_id, file_ids, created_at) SELECT gen_random_uuid(), ?, 'test', 'user', 'bulk ' || n, ?, ?, "
				+ "'{}', clock_timestamp() FROM generate_series(1, ?) n RETURNING 1) SELECT count(*) FROM made", org,
				priority, printer, count);
	}

	/**
	 * Every expired lease, batch after batch (the claim tests of this class leave many expired
	 * claims of other organizations, and a batch takes the oldest first).
	 */
	private int sweepAll() {
		int total = 0;
		for (int swept = this.sweeper.sweep().block(); swept > 0; swept = this.sweeper.sweep().block()) {
			total += swept;
		}
		return total;
	}

	@SuppressWarnings("unchecked")
	private List<String> drain(UUID org, String agentToken) {
		List<String> claimed = new ArrayList<>();
		while (true) {
			var response = post(agentToken, "/api/v1/print-agent/claims", Map.of()).returnResult(Map.class);
			if (response.getStatus().value() == 204) {
				return claimed;
			}
			assertThat(response.getStatus().value()).isEqualTo(200);
			Map<String, Object> body = response.getResponseBody().blockFirst();
			claimed.add(((Map<String, Object>) body.get("job")).get("id").toString());
		}
	}

	@Test
	void concurrentAgentsClaimEveryJobExactlyOnceInPriorityOrder() throws Exception {
		UUID org = organization();
		UUID printer = UUID.fromString(printer(org, Map.of()).get("id").toString());
		queue(org, printer, 50, 10);
		queue(org, printer, 50, 90);
		List<String> agents = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			agents.add(agent(org));
		}
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<CompletableFuture<List<String>>> runs = new ArrayList<>();
			for (String token : agents) {
				runs.add(CompletableFuture.supplyAsync(() -> drain(org, token), pool));
			}
			List<String> all = new ArrayList<>();
			for (CompletableFuture<List<String>> run : runs) {
				all.addAll(run.get());
			}
			assertThat(all).hasSize(100).doesNotHaveDuplicates();
			for (CompletableFuture<List<String>> run : runs) {
				List<Integer> priorities = new ArrayList<>();
				for (String id : run.get()) {
					priorities.add((int) number("SELECT priority FROM print.print_jobs WHERE id = ?::uuid", id));
				}
				List<Integer> sorted = new ArrayList<>(priorities);
				sorted.sort(Collections.reverseOrder());
				assertThat(priorities).isEqualTo(sorted);
			}
		}
		finally {
			pool.shutdown();
		}
		assertThat(number("SELECT count(*) FROM print.print_jobs WHERE organization_id = ? AND status = 'processing' "
				+ "AND attempt = 1", org)).isEqualTo(100);
		assertThat(number("SELECT count(*) FROM print.print_job_history WHERE organization_id = ? AND to_status = 'processing'",
				org)).isEqualTo(100);
	}

	@Test
	void aThousandJobsFourAgentsEachClaimedOnce() throws Exception {
		UUID org = organization();
		UUID printer = UUID.fromString(printer(org, Map.of()).get("id").toString());
		queue(org, printer, 1000, 50);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<List<String>>> runs = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String token = agent(org);
				runs.add(CompletableFuture.supplyAsync(() -> drain(org, token), pool));
			}
			Set<String> unique = new HashSet<>();
			int total = 0;
			for (CompletableFuture<List<String>> run : runs) {
				total += run.get().size();
				unique.addAll(run.get());
			}
			assertThat(total).isEqualTo(1000);
			assertThat(unique).hasSize(1000);
		}
		finally {
			pool.shutdown();
		}
	}

	@SuppressWarnings("unchecked")
	@Test
	void theWholeFlowWithFilesFencingAndEvents() {
		UUID org = organization();
		Map<String, Object> printer = printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 400, 400, 400);
		Map<String, Object> job = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids",
				List.of(file.toString()))).expectStatus().isCreated());
		String agent = agent(org);
		Map<String, Object> heartbeat = body(post(agent, "/api/v1/print-agent/heartbeat", Map.of("name", "Shop PC",
				"printer_ids", List.of(printer.get("id")))).expectStatus().isOk());
		assertThat(heartbeat).containsKeys("agent_id", "lease_seconds", "poll_interval_seconds");
		Map<String, Object> claim = body(post(agent, "/api/v1/print-agent/claims", Map.of("printer_ids",
				List.of(printer.get("id")))).expectStatus().isOk());
		String claimId = claim.get("claim_id").toString();
		List<Map<String, Object>> files = (List<Map<String, Object>>) claim.get("files");
		assertThat(files).hasSize(1);
		assertThat(files.get(0)).containsEntry("mime_type", "image/png");
		String content = this.http.get().uri(files.get(0).get("content_path").toString())
			.headers(headers -> {
				headers.setBearerAuth(agent);
				headers.set("X-Claim-Id", claimId);
			}).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(content).isEqualTo("png bytes of " + file);
		this.http.get().uri(files.get(0).get("content_path").toString())
			.headers(headers -> {
				headers.setBearerAuth(agent);
				headers.set("X-Claim-Id", UUID.randomUUID().toString());
			}).exchange().expectStatus().isEqualTo(409);
		// Another agent of the organization, or a stale claim id: 409 and no change.
		post(agent(org), "/api/v1/print-agent/jobs/" + job.get("id") + "/progress",
				Map.of("claim_id", claimId, "progress_percentage", 50)).expectStatus().isEqualTo(409);
		post(agent, "/api/v1/print-agent/jobs/" + job.get("id") + "/progress",
				Map.of("claim_id", UUID.randomUUID().toString(), "progress_percentage", 50)).expectStatus().isEqualTo(409);
		post(agent(organization()), "/api/v1/print-agent/jobs/" + job.get("id") + "/progress",
				Map.of("claim_id", claimId, "progress_percentage", 50)).expectStatus().isNotFound();
		post(agent, "/api/v1/print-agent/jobs/" + job.get("id") + "/progress",
				Map.of("claim_id", claimId, "progress_percentage", 101)).expectStatus().isBadRequest();
		post(agent, "/api/v1/print-agent/jobs/" + job.get("id") + "/progress",
				Map.of("claim_id", claimId, "progress_percentage", 40)).expectStatus().isOk();
		assertThat(body(get(member(org), "/api/v1/print-jobs/" + job.get("id"))).get("progress_percentage"))
			.isEqualTo(40);
		Map<String, Object> done = body(post(agent, "/api/v1/print-agent/jobs/" + job.get("id") + "/complete",
				Map.of("claim_id", claimId)).expectStatus().isOk());
		assertThat(done).containsEntry("status", "completed").containsEntry("progress_percentage", 100);
		post(agent, "/api/v1/print-agent/jobs/" + job.get("id") + "/complete", Map.of("claim_id", claimId))
			.expectStatus().isEqualTo(409);
		List<?> history = (List<?>) body(get(member(org), "/api/v1/print-jobs/" + job.get("id") + "/history")).get("items");
		assertThat(history).hasSize(3);
		assertThat(OutboxRows.forEntity("print", job.get("id"))).extracting(row -> row.get("event_type"))
			.containsExactly("print_job.created", "print_job.claimed", "print_job.completed");
	}

	@Test
	void cancelDuringProcessingReachesTheAgentAndRetryClearsTheFields() {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 400, 400, 400);
		String creator = member(org);
		String job = body(post(creator, "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids",
				List.of(file.toString())))).get("id").toString();
		String agent = agent(org);
		String claim = body(post(agent, "/api/v1/print-agent/claims", Map.of()).expectStatus().isOk()).get("claim_id")
			.toString();
		post(creator, "/api/v1/print-jobs/" + job + "/hold", Map.of()).expectStatus().isEqualTo(409);
		patch(creator, "/api/v1/print-jobs/" + job, Map.of("priority", 5)).expectStatus().isEqualTo(409);
		post(creator, "/api/v1/print-jobs/" + job + "/cancel", Map.of()).expectStatus().isOk();
		Map<String, Object> refused = body(post(agent, "/api/v1/print-agent/jobs/" + job + "/progress",
				Map.of("claim_id", claim, "progress_percentage", 60)).expectStatus().isEqualTo(409));
		assertThat(refused).containsEntry("status", "cancelled").containsEntry("reason", "cancelled-by-user");

		String second = body(post(creator, "/api/v1/print-jobs", Map.of("job_name", "y", "file_ids",
				List.of(file.toString())))).get("id").toString();
		String claim2 = body(post(agent, "/api/v1/print-agent/claims", Map.of()).expectStatus().isOk()).get("claim_id")
			.toString();
		post(agent, "/api/v1/print-agent/jobs/" + second + "/fail", Map.of("claim_id", claim2, "error_message",
				"Out of film", "reason", "media-empty")).expectStatus().isOk();
		Map<String, Object> retried = body(post(creator, "/api/v1/print-jobs/" + second + "/retry", Map.of())
			.expectStatus().isOk());
		assertThat(retried).containsEntry("status", "pending").containsEntry("retry_count", 1)
			.containsEntry("attempt", 0).containsEntry("error_message", null).containsEntry("started_at", null)
			.containsEntry("completed_at", null).containsEntry("progress_percentage", 0);
		assertThat(OutboxRows.forEntity("print", second)).extracting(row -> row.get("event_type"))
			.containsExactly("print_job.created", "print_job.claimed", "print_job.failed", "print_job.retried");
	}

	@Test
	void aSilentAgentLosesTheJobToAnotherThenItFailsAfterThreeAttempts() throws Exception {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 400, 400, 400);
		String job = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids",
				List.of(file.toString())))).get("id").toString();
		String killed = agent(org);
		String lostClaim = body(post(killed, "/api/v1/print-agent/claims", Map.of()).expectStatus().isOk())
			.get("claim_id").toString();
		Thread.sleep(3500);
		assertThat(sweepAll()).isGreaterThanOrEqualTo(1);
		Map<String, Object> requeued = body(get(member(org), "/api/v1/print-jobs/" + job));
		assertThat(requeued).containsEntry("status", "pending").containsEntry("state_reason", "agent-lost");
		String other = agent(org);
		String claim = body(post(other, "/api/v1/print-agent/claims", Map.of()).expectStatus().isOk()).get("claim_id")
			.toString();
		post(killed, "/api/v1/print-agent/jobs/" + job + "/progress",
				Map.of("claim_id", lostClaim, "progress_percentage", 10)).expectStatus().isEqualTo(409);
		post(other, "/api/v1/print-agent/jobs/" + job + "/progress", Map.of("claim_id", claim, "progress_percentage", 10))
			.expectStatus().isOk();
		Thread.sleep(3500);
		sweepAll();
		post(other, "/api/v1/print-agent/claims", Map.of()).expectStatus().isOk();
		Thread.sleep(3500);
		sweepAll();
		Map<String, Object> failed = body(get(member(org), "/api/v1/print-jobs/" + job));
		assertThat(failed).containsEntry("status", "failed").containsEntry("state_reason", "agent-lost")
			.containsEntry("attempt", 3);
		assertThat(OutboxRows.forEntity("print", job)).extracting(row -> row.get("event_type")).containsExactly(
				"print_job.created", "print_job.claimed", "print_job.requeued", "print_job.claimed",
				"print_job.requeued", "print_job.claimed", "print_job.failed");
	}

	@Test
	void agentPathsNeedPrintAgentAndAgentKeysNothingElse() {
		UUID org = organization();
		post(member(org), "/api/v1/print-agent/claims", Map.of()).expectStatus().isForbidden();
		post(admin(org), "/api/v1/print-agent/heartbeat", Map.of("name", "x")).expectStatus().isForbidden();
		post(apiKey(org, "read", "write"), "/api/v1/print-agent/claims", Map.of()).expectStatus().isForbidden();
		get(agent(org), "/api/v1/printers").expectStatus().isForbidden();
		get(agent(org), "/api/v1/print-jobs").expectStatus().isForbidden();
		post(agent(org), "/api/v1/print-agent/claims", Map.of("wait_seconds", 31)).expectStatus().isBadRequest();
		post(agent(org), "/api/v1/print-agent/claims", Map.of("printer_ids", List.of(UUID.randomUUID().toString())))
			.expectStatus().isEqualTo(422);
	}

	@Test
	void aWaitingClaimIsWokenByANewJob() throws Exception {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 400, 400, 400);
		String agent = agent(org);
		CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> post(agent,
				"/api/v1/print-agent/claims", Map.of("wait_seconds", 20)).returnResult(Map.class).getStatus().value());
		Thread.sleep(1500);
		long start = System.nanoTime();
		post(member(org), "/api/v1/print-jobs", Map.of("job_name", "x", "file_ids", List.of(file.toString())))
			.expectStatus().isCreated();
		assertThat(waiting.get()).isEqualTo(200);
		assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
	}

	@Test
	void adminsManageAgents() {
		UUID org = organization();
		String agent = agent(org);
		post(agent, "/api/v1/print-agent/heartbeat", Map.of("name", "Shop PC")).expectStatus().isOk();
		List<?> items = (List<?>) body(get(admin(org), "/api/v1/print-agents").expectStatus().isOk()).get("items");
		assertThat(items).hasSize(1);
		String id = ((Map<?, ?>) items.get(0)).get("id").toString();
		get(member(org), "/api/v1/print-agents").expectStatus().isForbidden();
		patch(admin(organization()), "/api/v1/print-agents/" + id, Map.of("enabled", false)).expectStatus().isNotFound();
		patch(admin(org), "/api/v1/print-agents/" + id, Map.of("enabled", false)).expectStatus().isOk();
		post(agent, "/api/v1/print-agent/claims", Map.of()).expectStatus().isForbidden();
		delete(admin(org), "/api/v1/print-agents/" + id).expectStatus().isNoContent();
		assertThat(OutboxRows.forEntity("print", id)).extracting(row -> row.get("event_type"))
			.containsExactly("print_agent.registered", "print_agent.updated", "print_agent.deleted");
	}

}

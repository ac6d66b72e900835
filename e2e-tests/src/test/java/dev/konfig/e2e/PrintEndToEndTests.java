package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.ApiKey;
import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The print back office through the gateway: a design uploaded to file-service, a printer and a
 * job for it, and a print agent (a small program holding an API key with print:agent) that
 * claims the job, downloads the design while it holds the claim, reports progress and completes
 * it; the job's history and the audit trail show each step. The agent's key works on agent paths
 * only, and a user's token does not work there.
 */
class PrintEndToEndTests {

	private static final Duration DELIVERY = Duration.ofSeconds(30);

	@SuppressWarnings("unchecked")
	@Test
	void anAgentPrintsAnUploadedDesign() throws Exception {
		Session owner = Accounts.registerOrganization();
		byte[] design = FilesEndToEndTests.png(40, 20, 15748, 7);
		Map<String, Object> file = Accounts.gateway().post()
			.uri("/api/v1/files?file_type=design&filename=design.png")
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.contentType(MediaType.IMAGE_PNG)
			.bodyValue(design)
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Map.class).returnResult().getResponseBody();
		String fileId = String.valueOf(file.get("id"));

		Map<String, Object> printer = body(Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/printers",
				Map.of("name", "Epson F2100", "printer_type", "dtf", "max_width_inches", 23, "max_height_inches", 215,
						"dpi", 400, "is_default", true)).expectStatus().isCreated());
		Map<String, Object> job = body(Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/print-jobs",
				Map.of("job_name", "Order #12345", "file_ids", List.of(fileId), "order_ref", "#12345"))
			.expectStatus().isCreated());
		String jobId = String.valueOf(job.get("id"));
		assertThat(job).containsEntry("status", "pending").containsEntry("printer_id", printer.get("id"));

		ApiKey agentKey = Accounts.createApiKey(owner, "print:agent");
		PrintAgent agent = new PrintAgent(agentKey.key());
		// The agent key can do agent work only; a user's token cannot do agent work.
		agent.send(HttpMethod.GET, "/api/v1/printers", null).expectStatus().isForbidden();
		Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/print-agent/claims", Map.of())
			.expectStatus().isForbidden();

		agent.send(HttpMethod.POST, "/api/v1/print-agent/heartbeat", Map.of("name", "Shop PC", "printer_ids",
				List.of(printer.get("id")))).expectStatus().isOk();
		Map<String, Object> claim = body(agent.send(HttpMethod.POST, "/api/v1/print-agent/claims",
				Map.of("wait_seconds", 5)).expectStatus().isOk());
		String claimId = String.valueOf(claim.get("claim_id"));
		assertThat(((Map<String, Object>) claim.get("job")).get("id")).isEqualTo(jobId);
		List<Map<String, Object>> files = (List<Map<String, Object>>) claim.get("files");
		assertThat(files).singleElement().satisfies(item -> assertThat(item).containsEntry("file_id", fileId)
			.containsEntry("sha256", file.get("sha256")));

		byte[] downloaded = Accounts.gateway().get()
			.uri(String.valueOf(files.get(0).get("content_path")))
			.header("X-API-Key", agentKey.key())
			.header("X-Claim-Id", claimId)
			.exchange()
			.expectStatus().isOk()
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(downloaded).isEqualTo(design);

		agent.send(HttpMethod.POST, "/api/v1/print-agent/jobs/" + jobId + "/progress",
				Map.of("claim_id", claimId, "progress_percentage", 50)).expectStatus().isOk();
		assertThat(body(Accounts.call(owner.accessToken(), HttpMethod.GET, "/api/v1/print-jobs/" + jobId, null)
			.expectStatus().isOk())).containsEntry("status", "processing").containsEntry("progress_percentage", 50);
		Map<String, Object> done = body(agent.send(HttpMethod.POST, "/api/v1/print-agent/jobs/" + jobId + "/complete",
				Map.of("claim_id", claimId)).expectStatus().isOk());
		assertThat(done).containsEntry("status", "completed");
		agent.send(HttpMethod.POST, "/api/v1/print-agent/jobs/" + jobId + "/progress",
				Map.of("claim_id", claimId, "progress_percentage", 60)).expectStatus().isEqualTo(409);

		List<Map<String, Object>> history = (List<Map<String, Object>>) body(Accounts
			.call(owner.accessToken(), HttpMethod.GET, "/api/v1/print-jobs/" + jobId + "/history", null)
			.expectStatus().isOk()).get("items");
		assertThat(history).extracting(row -> row.get("to_status")).containsExactly("pending", "processing", "completed");

		Instant deadline = Instant.now().plus(DELIVERY);
		List<String> types = List.of();
		while (Instant.now().isBefore(deadline)) {
			List<Map<String, Object>> events = Accounts.gateway().get()
				.uri("/api/v1/events?entity_type=print_job&entity_id={id}&limit=50", jobId)
				.headers(headers -> headers.setBearerAuth(owner.accessToken()))
				.exchange()
				.expectStatus().isOk()
				.expectBody(List.class).returnResult().getResponseBody();
			types = events.stream().map(event -> String.valueOf(event.get("event_type"))).sorted().toList();
			if (types.size() >= 3) {
				break;
			}
			Thread.sleep(250);
		}
		assertThat(types).containsExactly("print_job.claimed", "print_job.completed", "print_job.created");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> body(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec spec) {
		return spec.expectBody(Map.class).returnResult().getResponseBody();
	}

	/** A print agent as a shop would run it: its API key, nothing else. */
	private record PrintAgent(String apiKey) {

		org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec send(HttpMethod method, String path,
				Object body) {
			var request = Accounts.gateway().method(method).uri(path).header("X-API-Key", this.apiKey);
			return (body == null) ? request.exchange()
					: request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
		}

	}

}

package dev.konfig.print.job;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import dev.konfig.print.PrintIntegrationTest;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** PJ-12: status events from the history, progress events, resume after Last-Event-ID. */
class JobStreamIntegrationTests extends PrintIntegrationTest {

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT =
			new ParameterizedTypeReference<>() { };

	private Flux<ServerSentEvent<Map<String, Object>>> stream(String token, String lastEventId) {
		return this.http.get().uri("/api/v1/print-jobs/stream")
			.headers(headers -> {
				headers.setBearerAuth(token);
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isOk()
			.returnResult(EVENT)
			.getResponseBody()
			.filter(event -> event.event() != null);
	}

	@Test
	void streamsTransitionsAndProgressAndResumes() throws Exception {
		UUID org = organization();
		printer(org, Map.of("is_default", true));
		UUID file = peers.file(org, 100, 100, 300);
		String existing = body(post(member(org), "/api/v1/print-jobs", Map.of("job_name", "before", "file_ids",
				List.of(file.toString())))).get("id").toString();
		String agent = agent(org);
		var events = stream(member(org), null).take(4).collectList().toFuture();
		Thread.sleep(1500);
		String claim = body(post(agent, "/api/v1/print-agent/claims", Map.of()).expectStatus().isOk()).get("claim_id")
			.toString();
		post(agent, "/api/v1/print-agent/jobs/" + existing + "/progress", Map.of("claim_id", claim,
				"progress_percentage", 30)).expectStatus().isOk();
		post(agent, "/api/v1/print-agent/jobs/" + existing + "/complete", Map.of("claim_id", claim)).expectStatus().isOk();
		List<ServerSentEvent<Map<String, Object>>> seen = events.get(30, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(seen).extracting(ServerSentEvent::event).containsExactly("status", "status", "progress", "status");
		assertThat(seen.get(0).data()).containsEntry("to_status", "pending").containsEntry("job_id", existing);
		assertThat(seen.get(1).data()).containsEntry("to_status", "processing");
		assertThat(seen.get(2).data()).containsEntry("progress_percentage", 30);
		assertThat(seen.get(3).data()).containsEntry("to_status", "completed");

		String afterClaim = seen.get(1).id();
		List<ServerSentEvent<Map<String, Object>>> resumed = stream(member(org), afterClaim).take(1)
			.collectList().block(Duration.ofSeconds(20));
		assertThat(resumed.get(0).data()).containsEntry("to_status", "completed");
		assertThat(resumed.get(0).id()).isEqualTo(seen.get(3).id());
		// Another organization's stream hears none of it.
		assertThat(stream(member(organization()), "0").take(Duration.ofSeconds(2)).collectList().block()).isEmpty();
	}

}

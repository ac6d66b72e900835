package dev.konfig.print.agent;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.print.system.PathIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The print agents' API (spec §4). Every path here needs the {@code print:agent} scope, and a
 * key that carries it can do nothing else (konfig.security.scoped-paths).
 */
@RestController
@RequestMapping("/api/v1/print-agent")
class AgentController {

	private final AgentService agents;

	private final JsonMapper json;

	AgentController(AgentService agents, JsonMapper json) {
		this.agents = agents;
		this.json = json;
	}

	@PostMapping("/heartbeat")
	Mono<Map<String, Object>> heartbeat(@AuthenticationPrincipal KonfigPrincipal principal, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = AgentBodies.Heartbeat.class))) @RequestBody JsonNode body) {
		return this.agents.heartbeat(principal, body);
	}

	/** 200 with the claim, or 204 when nothing is claimable within {@code wait_seconds}. */
	@PostMapping("/claims")
	Mono<ResponseEntity<Map<String, Object>>> claim(@AuthenticationPrincipal KonfigPrincipal principal,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = AgentBodies.Claim.class))) @RequestBody(required = false) JsonNode body) {
		JsonNode request = (body == null) ? this.json.createObjectNode() : body;
		return this.agents.claim(principal, request)
			.map(ResponseEntity::ok)
			.defaultIfEmpty(ResponseEntity.noContent().build());
	}

	@PostMapping("/jobs/{jobId}/progress")
	Mono<Map<String, Object>> progress(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String jobId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = AgentBodies.Progress.class))) @RequestBody JsonNode body) {
		return Mono.defer(() -> this.agents.progress(principal, PathIds.of("print job", jobId), body));
	}

	@PostMapping("/jobs/{jobId}/complete")
	Mono<Map<String, Object>> complete(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String jobId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = AgentBodies.Complete.class))) @RequestBody JsonNode body) {
		return Mono.defer(() -> this.agents.complete(principal, PathIds.of("print job", jobId), body)).map(this::view);
	}

	@PostMapping("/jobs/{jobId}/fail")
	Mono<Map<String, Object>> fail(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String jobId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = AgentBodies.Fail.class))) @RequestBody JsonNode body) {
		return Mono.defer(() -> this.agents.fail(principal, PathIds.of("print job", jobId), body)).map(this::view);
	}

	@PostMapping("/jobs/{jobId}/release")
	Mono<Map<String, Object>> release(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String jobId,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = AgentBodies.Release.class))) @RequestBody JsonNode body) {
		return Mono.defer(() -> this.agents.release(principal, PathIds.of("print job", jobId), body)).map(this::view);
	}

	@GetMapping("/jobs/{jobId}/files/{fileId}")
	Mono<Void> file(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String jobId,
			@PathVariable String fileId, @RequestHeader(name = "X-Claim-Id", required = false) String claim,
			ServerWebExchange exchange) {
		return Mono.defer(() -> this.agents.content(principal, PathIds.of("print job", jobId),
				PathIds.of("file", fileId), claim, exchange));
	}

	private Map<String, Object> view(dev.konfig.print.job.PrintJob job) {
		Map<String, Object> view = new java.util.LinkedHashMap<>();
		view.put("id", job.id());
		view.put("status", job.status());
		view.put("state_reason", job.stateReason());
		view.put("progress_percentage", job.progressPercentage());
		view.put("attempt", job.attempt());
		view.put("error_message", job.errorMessage());
		view.put("output_files", job.outputFiles());
		view.put("completed_at", job.completedAt());
		return view;
	}

}

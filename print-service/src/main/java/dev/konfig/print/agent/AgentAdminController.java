package dev.konfig.print.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.PathIds;
import dev.konfig.print.system.PrintProblem;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * AG-9: admins see their organization's agents, rename, disable or restrict them, and forget
 * them. Cutting an agent off for good is revoking its API key at auth-service.
 */
@RestController
@RequestMapping("/api/v1/print-agents")
class AgentAdminController {

	private final AgentRepository agents;

	private final AgentService service;

	private final PrintProperties properties;

	private final TransactionalOperator transaction;

	AgentAdminController(AgentRepository agents, AgentService service, PrintProperties properties,
			TransactionalOperator transaction) {
		this.agents = agents;
		this.service = service;
		this.properties = properties;
		this.transaction = transaction;
	}

	@GetMapping
	Mono<Map<String, Object>> list(@AuthenticationPrincipal KonfigPrincipal principal) {
		return Mono.fromRunnable(() -> principal.requireRole(Role.ADMIN))
			.then(this.agents.all(principal.requireOrganization()).map(this::view).collectList())
			.map(items -> Map.of("items", items));
	}

	@PatchMapping("/{id}")
	Mono<Map<String, Object>> update(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = AgentBodies.Update.class))) @RequestBody JsonNode request) {
		return Mono.fromCallable(() -> {
			principal.requireRole(Role.ADMIN);
			UUID agentId = PathIds.of("print agent", id);
			JsonBody body = JsonBody.of(request, Set.of("name", "enabled", "allowed_printer_ids"));
			body.text("name", 1, 100, body.has("name"));
			if (body.has("enabled") && body.bool("enabled") == null) {
				body.fail("enabled", "must be true or false");
			}
			body.uuids("allowed_printer_ids", 0, 100, false);
			body.check();
			return agentId;
		}).flatMap(agentId -> this.transaction.transactional(this.agents
			.find(principal.requireOrganization(), agentId, true)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("The print agent was not found")))
			.flatMap(current -> {
				JsonBody body = JsonBody.of(request, Set.of("name", "enabled", "allowed_printer_ids"));
				List<UUID> allowed = body.has("allowed_printer_ids") ? body.uuids("allowed_printer_ids", 0, 100, false)
						: current.allowedPrinterIds();
				Agent changed = new Agent(current.id(), current.organizationId(), current.apiKeyId(),
						body.has("name") ? body.text("name", 1, 100, true) : current.name(), current.hostname(),
						current.version(), current.declaredPrinterIds(), allowed,
						body.has("enabled") ? body.bool("enabled") : current.enabled(), current.lastSeenAt(),
						current.createdAt(), current.updatedAt());
				Mono<Void> check = (allowed == null || allowed.isEmpty()) ? Mono.empty()
						: this.agents.printersOf(current.organizationId(), allowed)
							.flatMap(count -> count == allowed.size() ? Mono.<Void>empty()
									: Mono.error(PrintProblem.unprocessable("allowed_printer_ids",
											"names a printer the organization does not have")));
				return check.then(this.agents.update(changed))
					.flatMap(updated -> this.service.record(updated, "print_agent.updated").thenReturn(updated));
			}))).map(this::view);
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return Mono.fromCallable(() -> {
			principal.requireRole(Role.ADMIN);
			return PathIds.of("print agent", id);
		}).flatMap(agentId -> this.transaction.transactional(this.agents.delete(principal.requireOrganization(), agentId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("The print agent was not found")))
			.flatMap(deleted -> this.service.record(deleted, "print_agent.deleted"))))
			.thenReturn(ResponseEntity.noContent().build());
	}

	private Map<String, Object> view(Agent agent) {
		Duration online = this.properties.agentPollInterval().multipliedBy(3);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", agent.id());
		view.put("name", agent.name());
		view.put("hostname", agent.hostname());
		view.put("version", agent.version());
		view.put("api_key_id", agent.apiKeyId());
		view.put("declared_printer_ids", agent.declaredPrinterIds());
		view.put("allowed_printer_ids", agent.allowedPrinterIds());
		view.put("enabled", agent.enabled());
		view.put("online", agent.lastSeenAt().isAfter(Instant.now().minus(online)));
		view.put("last_seen_at", agent.lastSeenAt());
		view.put("created_at", agent.createdAt());
		view.put("updated_at", agent.updatedAt());
		return view;
	}

}

package dev.konfig.audit.event;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.audit.chain.ChainVerifier;
import dev.konfig.audit.chain.Verification;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The caller's organization's trail: lists with filters and keyset cursors (newest first), one
 * event, an entity's trail and an actor's activity (the same list, filtered by path), exports,
 * and chain verification. Another organization's events are never found (404).
 */
@RestController
@RequestMapping("/api/v1/events")
class EventController {

	private final EventRepository events;

	private final EventReads reads;

	private final ChainVerifier verifier;

	private final JsonMapper json;

	EventController(EventRepository events, EventReads reads, ChainVerifier verifier, JsonMapper json) {
		this.events = events;
		this.reads = reads;
		this.verifier = verifier;
		this.json = json;
	}

	@GetMapping
	Mono<Page<EventResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(name = "event_type", required = false) String eventType,
			@RequestParam(name = "entity_type", required = false) String entityType,
			@RequestParam(name = "entity_id", required = false) String entityId,
			@RequestParam(name = "actor_id", required = false) String actorId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
			PageRequest page) {
		return Mono.fromCallable(() -> new EventQuery(AuditReaders.organization(principal), blankToNull(eventType),
				blankToNull(entityType), blankToNull(entityId), blankToNull(actorId), from, to))
			.flatMap(query -> page(query, page));
	}

	/** The trail of one entity: every event about it. */
	@GetMapping("/entities/{entityType}/{entityId}")
	Mono<Page<EventResponse>> entityTrail(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String entityType, @PathVariable String entityId, PageRequest page) {
		return Mono.fromCallable(() -> new EventQuery(AuditReaders.organization(principal), null, entityType,
				entityId, null, null, null))
			.flatMap(query -> page(query, page));
	}

	/** The activity of one actor (a user id or an API key id). */
	@GetMapping("/actors/{actorId}")
	Mono<Page<EventResponse>> activity(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String actorId, PageRequest page) {
		return Mono.fromCallable(
				() -> new EventQuery(AuditReaders.organization(principal), null, null, null, actorId, null, null))
			.flatMap(query -> page(query, page));
	}

	@GetMapping("/{id}")
	Mono<EventResponse> get(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable UUID id) {
		return Mono.fromCallable(() -> AuditReaders.organization(principal))
			.flatMap(organization -> this.events.find(organization, id))
			.switchIfEmpty(Mono.error(() -> new EventNotFoundException(id)))
			.map(event -> EventResponse.of(event, this.json));
	}

	/** Recomputes the chain over events that occurred in [from, to); the whole chain by default. */
	@GetMapping("/verify")
	Mono<Verification> verify(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
		return Mono.fromCallable(() -> AuditReaders.organization(principal))
			.flatMap(organization -> this.verifier.verify(organization, (from == null) ? Instant.EPOCH : from,
					(to == null) ? Instant.now().plus(Duration.ofDays(1)) : to));
	}

	/**
	 * Streams the matching events, oldest first ({@link EventReads#export}); the export is itself
	 * recorded in the organization's chain.
	 */
	@GetMapping("/export")
	Mono<ResponseEntity<Flux<DataBuffer>>> export(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(defaultValue = "csv") String format,
			@RequestParam(name = "event_type", required = false) String eventType,
			@RequestParam(name = "entity_type", required = false) String entityType,
			@RequestParam(name = "entity_id", required = false) String entityId,
			@RequestParam(name = "actor_id", required = false) String actorId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
		return Mono.fromCallable(() -> new EventQuery(AuditReaders.organization(principal), blankToNull(eventType),
				blankToNull(entityType), blankToNull(entityId), blankToNull(actorId), from, to))
			.flatMap(query -> this.reads.export(format, query, query.organizationId()));
	}

	private Mono<Page<EventResponse>> page(EventQuery query, PageRequest request) {
		return this.reads.page(query, request);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}

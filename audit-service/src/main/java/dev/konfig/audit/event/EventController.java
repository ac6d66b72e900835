package dev.konfig.audit.event;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.audit.chain.ChainVerifier;
import dev.konfig.audit.chain.EventChain;
import dev.konfig.audit.chain.NewEvent;
import dev.konfig.audit.chain.Verification;
import dev.konfig.audit.system.AuditProperties;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.RequestOrigin;
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

	static final String EXPORTED = "audit.exported";

	private final EventRepository events;

	private final EventChain chain;

	private final ChainVerifier verifier;

	private final JsonMapper json;

	private final AuditProperties properties;

	EventController(EventRepository events, EventChain chain, ChainVerifier verifier, JsonMapper json,
			AuditProperties properties) {
		this.events = events;
		this.chain = chain;
		this.verifier = verifier;
		this.json = json;
		this.properties = properties;
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
	 * Streams the matching events, oldest first, straight from the database cursor: rows are
	 * fetched as the client reads, so memory stays constant however many match. The export is
	 * itself recorded in the organization's chain before the first row is sent.
	 */
	@GetMapping("/export")
	Mono<ResponseEntity<Flux<DataBuffer>>> export(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(defaultValue = "csv") String format,
			@RequestParam(name = "event_type", required = false) String eventType,
			@RequestParam(name = "entity_type", required = false) String entityType,
			@RequestParam(name = "entity_id", required = false) String entityId,
			@RequestParam(name = "actor_id", required = false) String actorId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
		return Mono.fromCallable(() -> {
			ExportFormat output = ExportFormat.of(format);
			Instant until = (to == null) ? Instant.now() : to;
			Duration maxRange = Duration.ofDays(this.properties.maxExportDays());
			Instant since = (from == null) ? until.minus(maxRange) : from;
			if (!since.isBefore(until)) {
				throw new InvalidEventQueryException("from", "must be before to");
			}
			if (Duration.between(since, until).compareTo(maxRange) > 0) {
				throw new InvalidEventQueryException("to",
						"must be at most " + this.properties.maxExportDays() + " days after from");
			}
			EventQuery query = new EventQuery(AuditReaders.organization(principal), blankToNull(eventType),
					blankToNull(entityType), blankToNull(entityId), blankToNull(actorId), since, until);
			return new Export(output, query);
		}).flatMap(export -> recordExport(export).thenReturn(export)).map(this::stream);
	}

	private ResponseEntity<Flux<DataBuffer>> stream(Export export) {
		Flux<String> lines = Flux.just(export.format().header())
			.filter(header -> !header.isEmpty())
			.concatWith(this.events.stream(export.query()).map(event -> export.format().line(event, this.json)));
		Flux<DataBuffer> body = lines.map(line -> DefaultDataBufferFactory.sharedInstance
			.wrap(line.getBytes(StandardCharsets.UTF_8)));
		return ResponseEntity.ok()
			.contentType(export.format().mediaType())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("audit-events." + export.format().extension()).build()
						.toString())
			.body(body);
	}

	private Mono<Integer> recordExport(Export export) {
		EventQuery query = export.query();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("format", export.format().extension());
		data.put("from", query.from().toString());
		data.put("to", query.to().toString());
		Map<String, String> filters = new LinkedHashMap<>();
		putIfPresent(filters, "event_type", query.eventTypePrefix());
		putIfPresent(filters, "entity_type", query.entityType());
		putIfPresent(filters, "entity_id", query.entityId());
		putIfPresent(filters, "actor_id", query.actorId());
		data.put("filters", filters);
		return RequestOrigin.current()
			.map(origin -> new NewEvent(UUID.randomUUID(), query.organizationId(), Instant.now(), EXPORTED,
					"audit_export", null, origin.actor() == null ? null : origin.actor().id(),
					origin.actor() == null ? null : origin.actor().type(), origin.ipAddress(), origin.userAgent(),
					origin.requestId(), "success", this.json.writeValueAsString(data)))
			.flatMap(event -> this.chain.append(List.of(event)));
	}

	private Mono<Page<EventResponse>> page(EventQuery query, PageRequest request) {
		EventCursor after = request.after(EventCursor::decode);
		return Page.from(this.events.page(query, after, request.fetchSize()), request,
				last -> new EventCursor(last.occurredAt(), last.id()).encode())
			.map(page -> page.map(event -> EventResponse.of(event, this.json)));
	}

	private static void putIfPresent(Map<String, String> map, String key, String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private record Export(ExportFormat format, EventQuery query) {
	}

}

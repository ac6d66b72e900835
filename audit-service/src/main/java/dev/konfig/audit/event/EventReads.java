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
import org.springframework.stereotype.Component;

import dev.konfig.audit.chain.EventChain;
import dev.konfig.audit.chain.NewEvent;
import dev.konfig.audit.system.AuditProperties;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.RequestOrigin;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one implementation of listing and exporting events, shared by the organization's API
 * ({@code /api/v1/events}) and the platform admin's ({@code /api/v1/admin/events}): the same
 * filters, keyset cursors, export formats, range limit and export record.
 */
@Component
public class EventReads {

	static final String EXPORTED = "audit.exported";

	private final EventRepository events;

	private final EventChain chain;

	private final JsonMapper json;

	private final AuditProperties properties;

	EventReads(EventRepository events, EventChain chain, JsonMapper json, AuditProperties properties) {
		this.events = events;
		this.chain = chain;
		this.json = json;
		this.properties = properties;
	}

	/** A page newest first, after the request's cursor. */
	public Mono<Page<EventResponse>> page(EventQuery query, PageRequest request) {
		EventCursor after = request.after(EventCursor::decode);
		return Page.from(this.events.page(query, after, request.fetchSize()), request,
				last -> new EventCursor(last.occurredAt(), last.id()).encode())
			.map(page -> page.map(event -> EventResponse.of(event, this.json)));
	}

	/**
	 * Streams the matching events, oldest first, straight from the database cursor: rows are
	 * fetched as the client reads, so memory stays constant however many match. The range
	 * defaults to the longest allowed one ending now. The export is itself recorded, in the chain
	 * of {@code recordedUnder}, before the first row is sent.
	 */
	public Mono<ResponseEntity<Flux<DataBuffer>>> export(String format, EventQuery query, UUID recordedUnder) {
		return Mono.fromCallable(() -> {
			ExportFormat output = ExportFormat.of(format);
			Instant until = (query.to() == null) ? Instant.now() : query.to();
			Duration maxRange = Duration.ofDays(this.properties.maxExportDays());
			Instant since = (query.from() == null) ? until.minus(maxRange) : query.from();
			if (!since.isBefore(until)) {
				throw new InvalidEventQueryException("from", "must be before to");
			}
			if (Duration.between(since, until).compareTo(maxRange) > 0) {
				throw new InvalidEventQueryException("to",
						"must be at most " + this.properties.maxExportDays() + " days after from");
			}
			return new Export(output, query.between(since, until));
		}).flatMap(export -> recordExport(export, recordedUnder).thenReturn(export)).map(this::stream);
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

	private Mono<Integer> recordExport(Export export, UUID recordedUnder) {
		EventQuery query = export.query();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("format", export.format().extension());
		data.put("from", query.from().toString());
		data.put("to", query.to().toString());
		Map<String, String> filters = new LinkedHashMap<>();
		if (!recordedUnder.equals(query.organizationId())) {
			putIfPresent(filters, "organization_id", query.organizationId() == null ? null : query.organizationId().toString());
		}
		putIfPresent(filters, "event_type", query.eventTypePrefix());
		putIfPresent(filters, "entity_type", query.entityType());
		putIfPresent(filters, "entity_id", query.entityId());
		putIfPresent(filters, "actor_id", query.actorId());
		putIfPresent(filters, "level", query.level() == null ? null : query.level().value());
		putIfPresent(filters, "component", query.component());
		data.put("filters", filters);
		return RequestOrigin.current()
			.map(origin -> new NewEvent(UUID.randomUUID(), recordedUnder, Instant.now(), EXPORTED, "audit_export",
					null, origin.actor() == null ? null : origin.actor().id(),
					origin.actor() == null ? null : origin.actor().type(), origin.ipAddress(), origin.userAgent(),
					origin.requestId(), "success", this.json.writeValueAsString(data)))
			.flatMap(event -> this.chain.append(List.of(event)));
	}

	private static void putIfPresent(Map<String, String> map, String key, String value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private record Export(ExportFormat format, EventQuery query) {
	}

}

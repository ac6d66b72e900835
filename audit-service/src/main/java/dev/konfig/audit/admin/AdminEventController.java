package dev.konfig.audit.admin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.audit.event.EventQuery;
import dev.konfig.audit.event.EventReads;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.Tenancy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The system log (spec AD-3, AD-8): every organization's events and those of no organization
 * (the nil UUID), newest first, with the filters and cursors of {@code /api/v1/events} plus
 * {@code organization_id}, {@code level} and {@code component}. Platform admins only; their
 * token's organization plays no part. Exports are recorded as {@code audit.exported} in the
 * chain of no organization, with the admin as actor.
 */
@RestController
@RequestMapping("/api/v1/admin/events")
class AdminEventController {

	private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	private final EventReads reads;

	AdminEventController(EventReads reads) {
		this.reads = reads;
	}

	@GetMapping
	Mono<Page<AdminEventResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(name = "organization_id", required = false) String organizationId,
			@RequestParam(required = false) String level, @RequestParam(required = false) String component,
			@RequestParam(name = "event_type", required = false) String eventType,
			@RequestParam(name = "entity_type", required = false) String entityType,
			@RequestParam(name = "entity_id", required = false) String entityId,
			@RequestParam(name = "actor_id", required = false) String actorId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
			PageRequest page) {
		return Mono.fromCallable(() -> query(principal, organizationId, level, component, eventType, entityType,
				entityId, actorId, from, to))
			.flatMap(query -> this.reads.page(query, page))
			.map(events -> events.map(AdminEventResponse::of));
	}

	@GetMapping("/export")
	Mono<ResponseEntity<Flux<DataBuffer>>> export(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(defaultValue = "csv") String format,
			@RequestParam(name = "organization_id", required = false) String organizationId,
			@RequestParam(required = false) String level, @RequestParam(required = false) String component,
			@RequestParam(name = "event_type", required = false) String eventType,
			@RequestParam(name = "entity_type", required = false) String entityType,
			@RequestParam(name = "entity_id", required = false) String entityId,
			@RequestParam(name = "actor_id", required = false) String actorId,
			@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
		return Mono.fromCallable(() -> query(principal, organizationId, level, component, eventType, entityType,
				entityId, actorId, from, to))
			.flatMap(query -> this.reads.export(format, query, Tenancy.NO_ORGANIZATION));
	}

	private static EventQuery query(KonfigPrincipal principal, String organizationId, String level, String component,
			String eventType, String entityType, String entityId, String actorId, Instant from, Instant to) {
		principal.requirePlatformAdmin();
		return new EventQuery(organization(organizationId), blankToNull(eventType), blankToNull(entityType),
				blankToNull(entityId), blankToNull(actorId), from, to, level(level), component(component));
	}

	private static UUID organization(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return UUID.fromString(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw invalid("organization_id", "must be a UUID");
		}
	}

	private static EventQuery.Level level(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "info" -> EventQuery.Level.INFO;
			case "warning" -> EventQuery.Level.WARNING;
			case "error" -> EventQuery.Level.ERROR;
			default -> throw invalid("level", "must be info, warning or error");
		};
	}

	private static String component(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		if (!COMPONENT.matcher(value).matches()) {
			throw invalid("component", "must be the first segment of an event type, such as config or auth");
		}
		return value;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static BadRequestException invalid(String field, String message) {
		return new BadRequestException("The " + field + " parameter " + message,
				List.of(new FieldViolation(field, message)));
	}

}

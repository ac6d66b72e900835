package dev.konfig.audit.ingestion;

import java.util.List;

import jakarta.validation.Valid;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.audit.chain.EventChain;
import dev.konfig.audit.chain.NewEvent;
import dev.konfig.audit.system.AuditProperties;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.web.ForbiddenException;
import reactor.core.publisher.Mono;

/**
 * Ingestion from the services' outbox relays. {@code /internal/**} already needs the
 * {@code internal} scope; only service principals (client credentials) are accepted, never a
 * user's or an API key's token. Redelivered events are skipped, and the answer is 200 all the
 * same, so a relay can mark its rows delivered.
 */
@RestController
@RequestMapping("/internal/events")
class InternalEventController {

	private final EventChain chain;

	private final JsonMapper json;

	private final AuditProperties properties;

	InternalEventController(EventChain chain, JsonMapper json, AuditProperties properties) {
		this.chain = chain;
		this.json = json;
		this.properties = properties;
	}

	@PostMapping
	Mono<IngestionResult> ingest(@AuthenticationPrincipal KonfigPrincipal principal,
			@Valid @RequestBody IncomingEvents batch) {
		if (principal.type() != PrincipalType.SERVICE) {
			return Mono.error(new ForbiddenException("Only services deliver audit events"));
		}
		if (batch.events().size() > this.properties.maxBatchSize()) {
			return Mono.error(new InvalidBatchException(this.properties.maxBatchSize()));
		}
		List<NewEvent> events = batch.events().stream().map(this::toNewEvent).toList();
		return this.chain.append(events).map(stored -> new IngestionResult(events.size(), stored));
	}

	private NewEvent toNewEvent(IncomingEvent event) {
		String data = this.json.writeValueAsString(event.eventData() == null ? java.util.Map.of() : event.eventData());
		return new NewEvent(event.id(), event.organizationId(), event.occurredAt(), event.eventType(),
				event.entityType(), event.entityId(), event.actor() == null ? null : event.actor().id(),
				event.actor() == null ? null : event.actor().type(), event.ipAddress(), event.userAgent(),
				event.requestId(), event.outcome(), data);
	}

}

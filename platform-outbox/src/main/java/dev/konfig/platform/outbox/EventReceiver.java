package dev.konfig.platform.outbox;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.security.CurrentPrincipal;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.ForbiddenException;

/**
 * {@code POST /internal/events}, where publishers' relays deliver the events a consuming
 * service subscribed to ({@code {"events": [...]}}, the shape audit-service ingests). Exposed
 * only in services that declare an {@link EventHandler}. {@code /internal/**} already needs the
 * {@code internal} scope; only service principals (client credentials) may deliver. A 2xx tells
 * the publisher every event of the batch is applied or was applied before; a 5xx makes it
 * resend the batch later.
 */
@RestController
class EventReceiver {

	// The wire format is the publishers', whatever naming this service uses for its own API.
	private static final JsonMapper JSON = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final ConsumedEvents events;

	EventReceiver(ConsumedEvents events) {
		this.events = events;
	}

	@PostMapping(path = "/internal/events", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ConsumedEvents.Outcome> receive(@RequestBody String body) {
		return CurrentPrincipal.get()
			.filter(principal -> principal.type() == PrincipalType.SERVICE)
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("Only services deliver events")))
			.then(Mono.fromCallable(() -> parse(body)))
			.flatMap(this.events::apply);
	}

	static List<AuditEvent> parse(String body) {
		try {
			Batch batch = JSON.readValue(body, Batch.class);
			if (batch == null || batch.events() == null) {
				throw new BadRequestException("The body must be {\"events\": [...]}");
			}
			return batch.events();
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new BadRequestException("The body must be {\"events\": [...]} of events with an id, "
					+ "occurred_at, event_type and outcome");
		}
	}

	record Batch(List<AuditEvent> events) {
	}

}

package dev.konfig.auth.organization;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.EventHandler;

/**
 * Keeps the organization status projection from tenant-service's events. The platform applies
 * each event once and in order per organization; the projection itself also ignores anything
 * older than what it holds, so a replayed or late event never undoes a newer one.
 */
@Component
class OrganizationEventHandler implements EventHandler {

	private static final Logger log = LoggerFactory.getLogger(OrganizationEventHandler.class);

	private final OrganizationStatuses statuses;

	OrganizationEventHandler(OrganizationStatuses statuses) {
		this.statuses = statuses;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of("organization.*");
	}

	@Override
	public Mono<Void> apply(AuditEvent event) {
		return this.statuses.apply(event)
			.doOnNext(changed -> {
				if (!changed) {
					log.debug("Organization event {} ({}) changed nothing: stale, repeated or without a status",
							event.id(), event.eventType());
				}
			})
			.then();
	}

}

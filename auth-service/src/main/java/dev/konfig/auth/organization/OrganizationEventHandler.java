package dev.konfig.auth.organization;

import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.EventHandler;

/**
 * Keeps the organization status projection from tenant-service's events. The platform applies
 * each event once and in order per organization; the projection itself also ignores anything
 * older than what it holds, so a replayed or late event never undoes a newer one. A deletion also
 * purges the organization's memberships, keys, invitations and sessions ({@link OrganizationPurge}).
 */
@Component
class OrganizationEventHandler implements EventHandler {

	private static final Logger log = LoggerFactory.getLogger(OrganizationEventHandler.class);

	private static final String DELETED = "organization.deleted";

	private final OrganizationStatuses statuses;

	private final OrganizationPurge purge;

	OrganizationEventHandler(OrganizationStatuses statuses, OrganizationPurge purge) {
		this.statuses = statuses;
		this.purge = purge;
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
			.flatMap(changed -> DELETED.equals(event.eventType()) ? purge(event, changed) : Mono.empty())
			.then();
	}

	/**
	 * Purges on every deletion event (a second one finds nothing left); the summary event is
	 * written when the deletion is news to the projection or something was left to remove.
	 */
	private Mono<Void> purge(AuditEvent event, boolean firstDeletion) {
		UUID organization = OrganizationStatuses.organizationId(event, event.eventData());
		if (organization == null) {
			return Mono.empty();
		}
		return this.purge.purge(organization, firstDeletion)
			.doOnNext(counts -> log.info("Purged deleted organization {}: {}", organization, counts))
			.then();
	}

}

package dev.konfig.platform.outbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * A service forgetting a deleted organization (tenant-service's {@code organization.deleted}):
 * the service removes what it keeps of it in {@link #purge}, counting what went, and this class
 * records one {@code <what>.purged} event with those counts and the deletion event's id, by the
 * service itself. The platform applies each event once, inside the transaction that records it
 * as applied; a replay would find nothing left, so it is harmless either way.
 */
public abstract class OrganizationPurge implements EventHandler {

	private static final Logger log = LoggerFactory.getLogger(OrganizationPurge.class);

	private final AuditEvent.Actor self;

	private final String purgedEventType;

	private final Outbox outbox;

	/**
	 * @param service the service's client id, the events' actor
	 * @param purgedEventType the event that counts what went ({@code files.purged})
	 * @param outbox where that event goes, in the deletion's transaction
	 */
	protected OrganizationPurge(String service, String purgedEventType, Outbox outbox) {
		this.self = new AuditEvent.Actor(service, "service");
		this.purgedEventType = purgedEventType;
		this.outbox = outbox;
	}

	@Override
	public Set<String> eventTypes() {
		return Set.of("organization.deleted");
	}

	@Override
	public Mono<Void> apply(AuditEvent event) {
		UUID organizationId = event.organizationId();
		if (organizationId == null) {
			return Mono.empty();
		}
		Map<String, Object> counts = new LinkedHashMap<>();
		return purge(organizationId, counts).then(Mono.defer(() -> {
			log.info("Organization {} deleted: purged {}", organizationId, counts);
			Map<String, Object> data = new LinkedHashMap<>(counts);
			data.put("organization_event_id", event.id().toString());
			return this.outbox.appendFromRequest(AuditEvent
				.of(organizationId, this.purgedEventType, "organization", organizationId, AuditEvent.SUCCESS, data)
				.withActor(this.self));
		}));
	}

	/**
	 * Removes the organization's data, putting each count into {@code counts} in the order the
	 * event should show them.
	 */
	protected abstract Mono<Void> purge(UUID organizationId, Map<String, Object> counts);

}

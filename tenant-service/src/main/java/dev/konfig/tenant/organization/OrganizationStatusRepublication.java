package dev.konfig.tenant.organization;

import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes the current status of every organization once, so a consumer that started keeping
 * a projection of organization events (auth-service) learns the organizations that existed
 * before it subscribed: one {@code organization.activated} or {@code organization.deactivated}
 * per organization, marked {@code republished} so audit readers know nothing changed.
 * <p>
 * The marker row and the events commit together, so exactly one replica republishes, once, and
 * a failed attempt is retried at the next start.
 */
@Component
class OrganizationStatusRepublication {

	static final String NAME = "organization-status-v1";

	/** Organizations read per statement. */
	static final int PAGE = 500;

	private static final Logger log = LoggerFactory.getLogger(OrganizationStatusRepublication.class);

	private static final AuditEvent.Actor SERVICE = new AuditEvent.Actor("tenant-service", "service");

	private final DatabaseClient db;

	private final OrganizationRepository organizations;

	private final Outbox outbox;

	private final TransactionalOperator transaction;

	OrganizationStatusRepublication(DatabaseClient db, OrganizationRepository organizations, Outbox outbox,
			TransactionalOperator transaction) {
		this.db = db;
		this.organizations = organizations;
		this.outbox = outbox;
		this.transaction = transaction;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onStart() {
		republishOnce().subscribe(count -> log.info("Republished the status of {} organizations", count),
				failure -> log.error("Republishing the organizations' status failed; retried at the next start",
						failure));
	}

	/** The number of events written; empty when it was done before (by this or another replica). */
	Mono<Long> republishOnce() {
		return this.transaction.transactional(this.db
			.sql("INSERT INTO event_republications (name) VALUES (:name) ON CONFLICT DO NOTHING")
			.bind("name", NAME)
			.fetch()
			.rowsUpdated()
			.filter(inserted -> inserted > 0)
			.flatMap(first -> republishAfter(null, 0)));
	}

	/**
	 * One page after another, each read whole before its events are written: one connection
	 * runs one statement at a time.
	 */
	private Mono<Long> republishAfter(UUID after, long written) {
		return this.organizations.pageAfter(after, PAGE)
			.flatMap(page -> Flux.fromIterable(page)
				.concatMap(organization -> this.outbox.append(event(organization)))
				.then(Mono.defer(() -> (page.size() < PAGE) ? Mono.just(written + page.size())
						: republishAfter(page.get(page.size() - 1).id(), written + page.size()))));
	}

	private static AuditEvent event(Organization organization) {
		Map<String, Object> data = OrganizationService.state(organization, organization.version());
		data.put("republished", true);
		String type = organization.active() ? "organization.activated" : "organization.deactivated";
		return AuditEvent.of(organization.id(), type, "organization", organization.id(), AuditEvent.SUCCESS, data)
			.withActor(SERVICE);
	}

}

package dev.konfig.platform.outbox;

import java.util.Set;

import reactor.core.publisher.Mono;

/**
 * A service's reaction to events other services publish through their outboxes (the suite's
 * event backbone). Declare one as a bean; the platform delivers each matching event to it at
 * least once, in order per organization, and records the event's id as applied in the same
 * transaction as {@link #apply}, so a redelivered event is not applied twice.
 */
public interface EventHandler {

	/**
	 * The event types this handler applies: exact ({@code organization.deleted}) or a prefix
	 * ending in {@code .*} ({@code organization.*}).
	 */
	Set<String> eventTypes();

	/**
	 * Applies one event. Runs inside the transaction that records the event's id as applied:
	 * an error rolls both back and the publisher delivers the event again later.
	 */
	Mono<Void> apply(AuditEvent event);

}

package dev.konfig.platform.outbox;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Applies delivered events to a consuming service's {@link EventHandler}s, each event once.
 * Events are applied one after another, in the batch's order (the publisher's order per
 * organization), each in a transaction of its own that first records its id in
 * {@code consumed_events} ({@link OutboxTable#CONSUMED_EVENTS}); only a newly recorded id reaches
 * the handlers, so a redelivered event is acknowledged without being applied again. A handler's
 * error rolls its event back and ends the batch with that error: the events before it stay
 * applied, and the publisher resends the rest later, in order.
 * <p>
 * An event no handler wants is acknowledged and not recorded: nothing was applied, so there is
 * nothing to remember, and publishers that send more than a consumer handles do not fill its
 * table.
 */
class ConsumedEvents {

	private static final String RECORD = "INSERT INTO consumed_events (event_id, event_type) VALUES (:id, :type) "
			+ "ON CONFLICT (event_id) DO NOTHING";

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final List<EventHandler> handlers;

	ConsumedEvents(DatabaseClient db, TransactionalOperator transactions, List<EventHandler> handlers) {
		this.db = db;
		this.transactions = transactions;
		this.handlers = List.copyOf(handlers);
	}

	/** Applies the batch in order; what happened to it, or the first handler's error. */
	Mono<Outcome> apply(List<AuditEvent> events) {
		return Flux.fromIterable(events).concatMap(this::apply, 1).collectList().map(Outcome::of);
	}

	private Mono<Result> apply(AuditEvent event) {
		List<EventHandler> interested = this.handlers.stream()
			.filter(handler -> EventTypes.matches(handler.eventTypes(), event.eventType()))
			.toList();
		if (interested.isEmpty()) {
			return Mono.just(Result.IGNORED);
		}
		Mono<Result> applied = this.db.sql(RECORD)
			.bind("id", event.id())
			.bind("type", event.eventType())
			.fetch()
			.rowsUpdated()
			.flatMap(recorded -> (recorded == 0) ? Mono.just(Result.DUPLICATE)
					: Flux.fromIterable(interested)
						.concatMap(handler -> handler.apply(event), 1)
						.then(Mono.just(Result.APPLIED)));
		return this.transactions.transactional(applied);
	}

	enum Result {

		APPLIED, DUPLICATE, IGNORED

	}

	/**
	 * What a batch did.
	 *
	 * @param applied events newly applied
	 * @param duplicates events applied before (redeliveries), skipped
	 * @param ignored events no handler of this service wants
	 */
	record Outcome(int applied, int duplicates, int ignored) {

		static Outcome of(List<Result> results) {
			return new Outcome(count(results, Result.APPLIED), count(results, Result.DUPLICATE),
					count(results, Result.IGNORED));
		}

		private static int count(List<Result> results, Result wanted) {
			return (int) results.stream().filter(wanted::equals).count();
		}

	}

}

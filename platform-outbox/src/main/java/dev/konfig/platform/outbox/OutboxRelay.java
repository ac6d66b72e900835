package dev.konfig.platform.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * Delivers the service's outbox to every subscriber that declared interest in each event's
 * type (audit-service takes all of them): at least once, in order per organization and
 * subscriber, with exponential backoff and jitter per subscriber.
 * <p>
 * It wakes on {@code NOTIFY outbox} for its own schema (through the service's one
 * {@link PostgresNotifications} connection), after that connection (re)connects, on a slow
 * timer as a safety net, and when {@link #wakeUp()} is called. Each wake-up runs two steps:
 * <ol>
 * <li><b>Fan-out</b>: new outbox rows ({@code NOT fanned_out}, claimed with
 * {@code FOR UPDATE SKIP LOCKED} so replicas share them) get one {@code outbox_deliveries} row
 * per interested subscriber, in one transaction. Rows written by a replica of the previous
 * version take the same path, so a rolling upgrade loses nothing.</li>
 * <li><b>Delivery</b>, for each subscriber independently (a subscriber that is down or slow
 * never holds the others up), in one transaction per batch: take the subscriber's
 * transaction-level advisory lock (so two replicas never interleave one subscriber's stream),
 * claim its due deliveries in position order, skipping every event that has an earlier one of
 * the same organization still in backoff, post them as one batch, and mark them delivered on
 * 2xx, or push them back with backoff on any failure. A crash between the answer and the
 * commit resends the batch: subscribers store or apply each event id once.</li>
 * </ol>
 * An outbox row counts as delivered ({@code outbox.delivered_at}) once every interested
 * subscriber has it, and is deleted with its deliveries after {@code retention}.
 */
public class OutboxRelay implements SmartLifecycle, MeterBinder {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Object WAKE = new Object();

	/** The nil UUID stands for "no organization" in {@code outbox_deliveries} (one ordering group). */
	static final UUID NO_ORGANIZATION = new UUID(0, 0);

	private static final int FAN_OUT_BATCH = 500;

	private static final String CURRENT_SCHEMA = "SELECT current_schema() AS schema";

	private static final String UNFANNED = "SELECT id, seq, COALESCE(event_type, payload->>'event_type') AS event_type, "
			+ "COALESCE(organization_id, CAST(payload->>'organization_id' AS uuid)) AS organization_id "
			+ "FROM outbox WHERE NOT fanned_out ORDER BY seq LIMIT :limit FOR UPDATE SKIP LOCKED";

	private static final String ADD_DELIVERIES = "INSERT INTO outbox_deliveries (subscriber, event_id, seq, organization_id) "
			+ "SELECT * FROM unnest(CAST(:subscribers AS text[]), CAST(:events AS uuid[]), CAST(:seqs AS bigint[]), "
			+ "CAST(:organizations AS uuid[])) ON CONFLICT DO NOTHING";

	// Rows nobody wants are delivered at once; rows of the previous version get their columns.
	private static final String FANNED_OUT = "UPDATE outbox SET fanned_out = true, "
			+ "event_type = COALESCE(event_type, payload->>'event_type'), "
			+ "organization_id = COALESCE(organization_id, CAST(payload->>'organization_id' AS uuid)), "
			+ "delivered_at = CASE WHEN id = ANY(:unwanted) THEN COALESCE(delivered_at, now()) ELSE delivered_at END "
			+ "WHERE id = ANY(:ids)";

	// Waits for another replica's round on this subscriber: the next round then sees its outcome.
	private static final String LOCK_SUBSCRIBER = "SELECT pg_advisory_xact_lock(hashtext('konfig.outbox'), "
			+ "hashtext(current_schema() || '/' || :subscriber))";

	// Due deliveries in position order, except those behind an earlier pending (in backoff) event
	// of the same organization, or behind an event not yet fanned out.
	private static final String CLAIM = "SELECT d.event_id, o.payload::text AS payload "
			+ "FROM outbox_deliveries d JOIN outbox o ON o.id = d.event_id "
			+ "WHERE d.subscriber = :subscriber AND d.delivered_at IS NULL AND d.next_attempt_at <= now() "
			+ "AND NOT EXISTS (SELECT 1 FROM outbox_deliveries e WHERE e.subscriber = d.subscriber "
			+ "AND e.organization_id = d.organization_id AND e.delivered_at IS NULL AND e.seq < d.seq "
			+ "AND e.next_attempt_at > now()) "
			+ "AND NOT EXISTS (SELECT 1 FROM outbox u WHERE NOT u.fanned_out AND u.seq < d.seq) "
			+ "ORDER BY d.seq LIMIT :limit FOR UPDATE OF d SKIP LOCKED";

	private static final String DELIVERED = "UPDATE outbox_deliveries SET delivered_at = now() "
			+ "WHERE subscriber = :subscriber AND event_id = ANY(:ids)";

	// Rows another transaction holds are left to the housekeeping: no deadlock between two
	// subscribers' rounds settling the same events in a different order.
	private static final String EVENTS_DELIVERED = "UPDATE outbox SET delivered_at = now() WHERE id IN "
			+ "(SELECT o.id FROM outbox o WHERE o.id = ANY(:ids) AND o.delivered_at IS NULL AND NOT EXISTS "
			+ "(SELECT 1 FROM outbox_deliveries d WHERE d.event_id = o.id AND d.delivered_at IS NULL) "
			+ "FOR UPDATE SKIP LOCKED)";

	// One jitter (between half and all of the delay) per batch spreads replicas' retries after an
	// outage and keeps a batch's events due together, so they go out together again.
	private static final String RETRY_LATER = "UPDATE outbox_deliveries SET attempts = attempts + 1, "
			+ "next_attempt_at = now() + make_interval(secs => least(CAST(:max AS float8), "
			+ "CAST(:initial AS float8) * power(2, least(attempts, 30))) * CAST(:jitter AS float8)) "
			+ "WHERE subscriber = :subscriber AND event_id = ANY(:ids)";

	// Two subscribers' batches of one event committed concurrently each saw the other pending.
	private static final String CATCH_UP_DELIVERED = "UPDATE outbox SET delivered_at = now() WHERE id IN "
			+ "(SELECT o.id FROM outbox o WHERE o.delivered_at IS NULL AND o.fanned_out AND NOT EXISTS "
			+ "(SELECT 1 FROM outbox_deliveries d WHERE d.event_id = o.id AND d.delivered_at IS NULL) "
			+ "FOR UPDATE SKIP LOCKED)";

	// A previous-version relay may have set delivered_at while other subscribers still wait.
	private static final String FORGET_DELIVERED = "DELETE FROM outbox o "
			+ "WHERE o.delivered_at < now() - make_interval(secs => CAST(:retention AS float8)) AND NOT EXISTS "
			+ "(SELECT 1 FROM outbox_deliveries d WHERE d.event_id = o.id AND d.delivered_at IS NULL)";

	/** The backlog the metrics show: events not yet delivered to every subscriber, and the oldest one's age. */
	private static final String BACKLOG = "SELECT count(*) AS pending, "
			+ "COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) AS oldest FROM outbox WHERE delivered_at IS NULL";

	private static final String ABANDONED = "SELECT subscriber, count(*) AS pending FROM outbox_deliveries "
			+ "WHERE delivered_at IS NULL AND NOT (subscriber = ANY(:known)) GROUP BY subscriber";

	private final PostgresNotifications notifications;

	private final boolean ownsNotifications;

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final SubscriberEndpoints endpoints;

	private final Supplier<Mono<String>> tokens;

	private final OutboxProperties properties;

	private final Sinks.Many<Object> wakes = Sinks.many().multicast().directBestEffort();

	private volatile Disposable running;

	private volatile Disposable signals;

	/** Undelivered events at the last housekeeping tick (every poll interval). */
	private final AtomicLong backlog = new AtomicLong();

	/** Age in seconds of the oldest undelivered event at the last housekeeping tick. */
	private final AtomicLong backlogAge = new AtomicLong();

	/** Rounds running now; a graceful stop waits for them. */
	private final AtomicInteger inProgress = new AtomicInteger();

	private volatile boolean stopping;

	/**
	 * @param notifications the service's notification listener
	 * @param tokens bearer tokens of this service (client credentials)
	 */
	public OutboxRelay(PostgresNotifications notifications, DatabaseClient db, TransactionalOperator transactions,
			OutboundClients outbound, Supplier<Mono<String>> tokens, OutboxProperties properties) {
		this(notifications, false, db, transactions, outbound, tokens, properties);
	}

	/**
	 * A relay with a notification listener of its own (tests, tools): a service uses the
	 * shared {@link PostgresNotifications} bean instead.
	 * @param connections the service's connection factory
	 */
	public OutboxRelay(ConnectionFactory connections, DatabaseClient db, TransactionalOperator transactions,
			OutboundClients outbound, Supplier<Mono<String>> tokens, OutboxProperties properties) {
		this(new PostgresNotifications(connections), true, db, transactions, outbound, tokens, properties);
	}

	private OutboxRelay(PostgresNotifications notifications, boolean ownsNotifications, DatabaseClient db,
			TransactionalOperator transactions, OutboundClients outbound, Supplier<Mono<String>> tokens,
			OutboxProperties properties) {
		this.notifications = notifications;
		this.ownsNotifications = ownsNotifications;
		this.db = db;
		this.transactions = transactions;
		this.endpoints = new SubscriberEndpoints(outbound, properties);
		this.tokens = tokens;
		this.properties = properties;
	}

	/** Asks for a delivery round now (tests, or a service that knows it just wrote). */
	public void wakeUp() {
		this.wakes.tryEmitNext(WAKE);
	}

	@Override
	public synchronized void start() {
		if (this.running != null) {
			return;
		}
		this.stopping = false;
		if (this.ownsNotifications) {
			this.notifications.start();
		}
		// A tick that finds the relay busy is dropped, not an overflow error that ends the relay.
		Flux<Object> timer = Flux.interval(this.properties.pollInterval(), this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap(tick -> housekeeping().thenReturn(WAKE), 1);
		// Subscribed before the first round, so nothing committed in between goes unseen.
		Flux<Object> signals = Flux.merge(listen(), timer, this.wakes.asFlux(), Mono.just(WAKE));
		Flux<Object> fannedOut = signals
			// While a step runs, further signals collapse into one more run afterwards.
			.onBackpressureLatest()
			.concatMap(signal -> busy(fanOut()).onErrorResume(ex -> {
				log.warn("Outbox fan-out failed; rows stay pending: {}", ex.toString());
				return Mono.empty();
			}).thenReturn(WAKE), 1)
			.publish()
			// Connects once every subscriber's loop subscribed; stop() disconnects it.
			.autoConnect(this.properties.subscribers().size(), connection -> this.signals = connection);
		this.running = Flux.fromIterable(this.properties.subscribers().keySet())
			.flatMap(subscriber -> fannedOut.onBackpressureLatest()
				.concatMap(signal -> busy(drain(subscriber)).onErrorResume(ex -> {
					log.warn("Outbox delivery to {} failed; rows stay pending: {}", subscriber, ex.toString());
					return Mono.empty();
				}), 1), this.properties.subscribers().size())
			.subscribe();
		warnAboutAbandonedSubscribers();
	}

	/** Runs a round unless the relay is stopping, counting it as work in progress meanwhile. */
	private Mono<Void> busy(Mono<Void> round) {
		return Mono.defer(() -> {
			if (this.stopping) {
				return Mono.empty();
			}
			this.inProgress.incrementAndGet();
			return round.doFinally(signal -> this.inProgress.decrementAndGet());
		});
	}

	/**
	 * Graceful stop (a replica shutting down): no new round starts, the round in progress (a
	 * batch being delivered and settled) finishes, at most the relay's timeout plus a second,
	 * then the relay stops. A round cut short anyway only rolls back: its rows stay pending.
	 */
	@Override
	public void stop(Runnable callback) {
		this.stopping = true;
		long deadline = System.nanoTime() + this.properties.timeout().plusSeconds(1).toNanos();
		Mono.defer(() -> Mono.just(this.inProgress.get()))
			.filter(count -> count == 0 || System.nanoTime() > deadline)
			.repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(20)))
			.doFinally(signal -> {
				stop();
				callback.run();
			})
			.subscribe();
	}

	@Override
	public synchronized void stop() {
		this.stopping = true;
		if (this.running != null) {
			this.running.dispose();
			this.running = null;
		}
		if (this.signals != null) {
			this.signals.dispose();
			this.signals = null;
		}
		if (this.ownsNotifications) {
			this.notifications.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	/** Fans out every new row, a batch per transaction. */
	Mono<Void> fanOut() {
		return fanOutBatch().expand(rows -> (rows >= FAN_OUT_BATCH) ? fanOutBatch() : Mono.empty()).then();
	}

	/** Batches for one subscriber until one finds less than a full batch, or delivery fails. */
	Mono<Void> drain(String subscriber) {
		return round(subscriber)
			.expand(sent -> (sent >= this.properties.batchSize()) ? round(subscriber) : Mono.empty())
			.then();
	}

	private Mono<Integer> fanOutBatch() {
		Mono<Integer> batch = this.db.sql(UNFANNED)
			.bind("limit", FAN_OUT_BATCH)
			.map(row -> new Unfanned(row.get("id", UUID.class), row.get("seq", Long.class),
					row.get("event_type", String.class), row.get("organization_id", UUID.class)))
			.all()
			.collectList()
			.flatMap(rows -> rows.isEmpty() ? Mono.just(0) : fanOut(rows).thenReturn(rows.size()));
		return this.transactions.transactional(batch);
	}

	private Mono<Void> fanOut(List<Unfanned> rows) {
		List<String> subscribers = new ArrayList<>();
		List<UUID> events = new ArrayList<>();
		List<Long> seqs = new ArrayList<>();
		List<UUID> organizations = new ArrayList<>();
		List<UUID> unwanted = new ArrayList<>();
		for (Unfanned row : rows) {
			boolean wanted = false;
			for (Map.Entry<String, OutboxProperties.Subscriber> subscriber : this.properties.subscribers().entrySet()) {
				if (subscriber.getValue().wants(row.eventType())) {
					subscribers.add(subscriber.getKey());
					events.add(row.id());
					seqs.add(row.seq());
					organizations.add(row.organizationId() == null ? NO_ORGANIZATION : row.organizationId());
					wanted = true;
				}
			}
			if (!wanted) {
				unwanted.add(row.id());
			}
		}
		Mono<Long> add = subscribers.isEmpty() ? Mono.just(0L)
				: this.db.sql(ADD_DELIVERIES)
					.bind("subscribers", subscribers.toArray(String[]::new))
					.bind("events", events.toArray(UUID[]::new))
					.bind("seqs", seqs.toArray(Long[]::new))
					.bind("organizations", organizations.toArray(UUID[]::new))
					.fetch()
					.rowsUpdated();
		return add.then(this.db.sql(FANNED_OUT)
			.bind("ids", rows.stream().map(Unfanned::id).toArray(UUID[]::new))
			.bind("unwanted", unwanted.toArray(UUID[]::new))
			.fetch()
			.rowsUpdated())
			.then();
	}

	/** One lock-claim-send-settle transaction for one subscriber; the number of events delivered. */
	Mono<Integer> round(String subscriber) {
		Mono<Integer> round = this.db.sql(LOCK_SUBSCRIBER)
			.bind("subscriber", subscriber)
			.then()
			.then(this.db.sql(CLAIM)
				.bind("subscriber", subscriber)
				.bind("limit", this.properties.batchSize())
				.map(row -> new Pending(row.get("event_id", UUID.class), row.get("payload", String.class)))
				.all()
				.collectList())
			.flatMap(rows -> rows.isEmpty() ? Mono.just(0) : settle(subscriber, rows));
		return this.transactions.transactional(round);
	}

	private Mono<Integer> settle(String subscriber, List<Pending> rows) {
		UUID[] ids = rows.stream().map(Pending::id).toArray(UUID[]::new);
		return send(subscriber, rows).thenReturn(true).onErrorResume(ex -> {
			log.warn("Delivering {} events to {} failed; retrying later: {}", rows.size(), subscriber, ex.toString());
			return Mono.just(false);
		}).flatMap(delivered -> delivered
				? this.db.sql(DELIVERED)
					.bind("subscriber", subscriber)
					.bind("ids", ids)
					.fetch()
					.rowsUpdated()
					.then(this.db.sql(EVENTS_DELIVERED).bind("ids", ids).fetch().rowsUpdated())
					.thenReturn(rows.size())
				: this.db.sql(RETRY_LATER)
					.bind("subscriber", subscriber)
					.bind("ids", ids)
					.bind("initial", seconds(this.properties.initialBackoff()))
					.bind("max", seconds(this.properties.maxBackoff()))
					.bind("jitter", 0.5 + ThreadLocalRandom.current().nextDouble() / 2)
					.fetch()
					.rowsUpdated()
					.thenReturn(0));
	}

	private Mono<Void> send(String subscriber, List<Pending> rows) {
		// The payloads are JSON already; the batch is assembled without parsing them again.
		String body = rows.stream().map(Pending::payload).collect(Collectors.joining(",", "{\"events\":[", "]}"));
		return this.tokens.get()
			.flatMap(token -> this.endpoints.post(subscriber, body, token))
			.timeout(this.properties.timeout());
	}

	/**
	 * {@code konfig.outbox.backlog} (events not yet delivered to every subscriber) and
	 * {@code konfig.outbox.backlog.age} (seconds since the oldest of them was written), as of the
	 * last housekeeping tick: reading them costs no query.
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("konfig.outbox.backlog", this.backlog, AtomicLong::get)
			.description("Outbox events not yet delivered to every subscriber")
			.register(registry);
		Gauge.builder("konfig.outbox.backlog.age", this.backlogAge, AtomicLong::get)
			.description("Age of the oldest undelivered outbox event")
			.baseUnit("seconds")
			.register(registry);
	}

	private Mono<Void> measureBacklog() {
		return this.db.sql(BACKLOG).map(row -> {
			this.backlog.set(row.get("pending", Long.class));
			Number oldest = row.get("oldest", Number.class);
			this.backlogAge.set((oldest != null) ? oldest.longValue() : 0);
			return true;
		}).one().then();
	}

	private Mono<Void> housekeeping() {
		return measureBacklog().then(this.db.sql(CATCH_UP_DELIVERED)
			.fetch()
			.rowsUpdated()
			.then(this.db.sql(FORGET_DELIVERED)
				.bind("retention", seconds(this.properties.retention()))
				.fetch()
				.rowsUpdated()))
			.then()
			.onErrorResume(ex -> {
				log.warn("Outbox housekeeping failed: {}", ex.toString());
				return Mono.empty();
			});
	}

	private void warnAboutAbandonedSubscribers() {
		this.db.sql(ABANDONED)
			.bind("known", this.properties.subscribers().keySet().toArray(String[]::new))
			.map(row -> row.get("subscriber", String.class) + " (" + row.get("pending", Long.class) + ")")
			.all()
			.collectList()
			.filter(abandoned -> !abandoned.isEmpty())
			.subscribe(abandoned -> log.warn("Outbox deliveries wait for subscribers no longer configured: {}; "
					+ "configure them again, or delete their pending outbox_deliveries rows", abandoned),
					ex -> log.debug("Could not check for abandoned subscribers: {}", ex.toString()));
	}

	/**
	 * Notifications for this schema's outbox, plus the listener's signal after each
	 * (re)connect, for rows committed while nobody listened.
	 */
	private Flux<Object> listen() {
		return this.db.sql(CURRENT_SCHEMA)
			.map(row -> row.get("schema", String.class))
			.one()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30)))
			.flatMapMany(schema -> this.notifications.listen(Outbox.CHANNEL)
				.filter(notification -> notification.isReconnect() || schema.equals(notification.payload())))
			.map(notification -> WAKE);
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private record Unfanned(UUID id, long seq, String eventType, UUID organizationId) {
	}

	private record Pending(UUID id, String payload) {
	}

}

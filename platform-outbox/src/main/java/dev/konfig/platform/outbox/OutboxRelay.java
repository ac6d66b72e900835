package dev.konfig.platform.outbox;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Delivers pending outbox rows to audit-service's {@code POST /internal/events}.
 * <p>
 * It wakes on {@code NOTIFY outbox} (one dedicated connection outside the pool, reconnecting
 * with backoff), on a slow timer as a safety net, and when {@link #wakeUp()} is called. Each
 * round claims up to {@code batch-size} due rows with {@code FOR UPDATE SKIP LOCKED}, so
 * replicas of a service share the work and never send the same row in the same round, and
 * posts them as one batch while holding the claim. A 2xx answer marks them delivered; any
 * failure increments their attempts and pushes {@code next_attempt_at} out with exponential
 * backoff and jitter, in the same transaction, so no row is ever lost. Delivery is at least
 * once (a crash between audit-service's answer and the commit resends the batch);
 * audit-service stores each event id once.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private static final Object WAKE = new Object();

	private static final String CLAIM = "SELECT id, payload::text AS payload FROM outbox "
			+ "WHERE delivered_at IS NULL AND next_attempt_at <= now() "
			+ "ORDER BY next_attempt_at, created_at LIMIT :limit FOR UPDATE SKIP LOCKED";

	private static final String DELIVERED = "UPDATE outbox SET delivered_at = now() WHERE id = ANY(:ids)";

	// Jitter between half and all of the delay spreads replicas' retries after an outage.
	private static final String RETRY_LATER = "UPDATE outbox SET attempts = attempts + 1, "
			+ "next_attempt_at = now() + make_interval(secs => least(CAST(:max AS float8), "
			+ "CAST(:initial AS float8) * power(2, least(attempts, 30))) * (0.5 + random() / 2)) "
			+ "WHERE id = ANY(:ids)";

	private static final String FORGET_DELIVERED = "DELETE FROM outbox WHERE delivered_at < now() - make_interval(secs => CAST(:retention AS float8))";

	private final ConnectionFactory connections;

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final WebClient http;

	private final Supplier<Mono<String>> tokens;

	private final OutboxProperties properties;

	private final Sinks.Many<Object> wakes = Sinks.many().multicast().directBestEffort();

	private volatile Disposable running;

	/**
	 * @param connections the service's connection factory; the relay opens its listening
	 * connection from the PostgreSQL factory underneath the pool
	 * @param tokens bearer tokens of this service (client credentials)
	 */
	public OutboxRelay(ConnectionFactory connections, DatabaseClient db, TransactionalOperator transactions,
			WebClient.Builder http, Supplier<Mono<String>> tokens, OutboxProperties properties) {
		this.connections = connections;
		this.db = db;
		this.transactions = transactions;
		this.http = http.baseUrl(properties.auditUrl().toString()).build();
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
		// A tick that finds the relay busy is dropped, not an overflow error that ends the relay.
		Flux<Object> timer = Flux.interval(this.properties.pollInterval(), this.properties.pollInterval())
			.onBackpressureDrop()
			.concatMap(tick -> forgetDelivered().thenReturn(WAKE), 1);
		this.running = Flux.merge(listen(), timer, this.wakes.asFlux())
			// While a round runs, further signals collapse into one more round afterwards.
			.onBackpressureLatest()
			.concatMap(signal -> drain().onErrorResume(ex -> {
				log.warn("Outbox round failed; rows stay pending: {}", ex.toString());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public synchronized void stop() {
		if (this.running != null) {
			this.running.dispose();
			this.running = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	/** Rounds until one finds less than a full batch, or delivery fails. */
	Mono<Void> drain() {
		return round().expand(sent -> (sent >= this.properties.batchSize()) ? round() : Mono.empty()).then();
	}

	/** One claim-send-settle transaction; the number of rows delivered. */
	Mono<Integer> round() {
		Mono<Integer> round = this.db.sql(CLAIM)
			.bind("limit", this.properties.batchSize())
			.map(row -> new Pending(row.get("id", UUID.class), row.get("payload", String.class)))
			.all()
			.collectList()
			.flatMap(rows -> rows.isEmpty() ? Mono.just(0) : settle(rows));
		return this.transactions.transactional(round);
	}

	private Mono<Integer> settle(List<Pending> rows) {
		UUID[] ids = rows.stream().map(Pending::id).toArray(UUID[]::new);
		return send(rows).thenReturn(true).onErrorResume(ex -> {
			log.warn("Delivering {} audit events failed; retrying later: {}", rows.size(), ex.toString());
			return Mono.just(false);
		}).flatMap(delivered -> delivered
				? this.db.sql(DELIVERED).bind("ids", ids).fetch().rowsUpdated().thenReturn(rows.size())
				: this.db.sql(RETRY_LATER)
					.bind("ids", ids)
					.bind("initial", seconds(this.properties.initialBackoff()))
					.bind("max", seconds(this.properties.maxBackoff()))
					.fetch()
					.rowsUpdated()
					.thenReturn(0));
	}

	private Mono<Void> send(List<Pending> rows) {
		// The payloads are JSON already; the batch is assembled without parsing them again.
		String body = rows.stream().map(Pending::payload).collect(Collectors.joining(",", "{\"events\":[", "]}"));
		return this.tokens.get()
			.flatMap(token -> this.http.post()
				.uri("/internal/events")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.retrieve()
				.toBodilessEntity())
			.timeout(this.properties.timeout())
			.then();
	}

	private Mono<Long> forgetDelivered() {
		return this.db.sql(FORGET_DELIVERED)
			.bind("retention", seconds(this.properties.retention()))
			.fetch()
			.rowsUpdated()
			.onErrorResume(ex -> {
				log.warn("Removing delivered outbox rows failed: {}", ex.toString());
				return Mono.just(0L);
			});
	}

	/**
	 * Notifications for this schema's outbox, plus one wake-up each time listening (re)starts,
	 * for rows committed while nobody listened. Without a PostgreSQL connection factory the
	 * relay works from the timer alone.
	 */
	private Flux<Object> listen() {
		ConnectionFactory direct = unpooled(this.connections);
		return Flux.usingWhen(Mono.from(direct.create()), this::notifications, Connection::close)
			.concatWith(Flux.error(() -> new IllegalStateException("The LISTEN connection closed")))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry(signal -> log.warn("Outbox LISTEN connection lost; reconnecting: {}",
						signal.failure().toString())));
	}

	private Flux<Object> notifications(Connection connection) {
		if (!(connection instanceof PostgresqlConnection postgres)) {
			log.warn("Outbox relay cannot LISTEN on {}; polling every {}", connection.getClass().getName(),
					this.properties.pollInterval());
			return Flux.never();
		}
		return Flux.from(postgres.createStatement("SELECT current_schema()").execute())
			.flatMap(result -> result.map((row, meta) -> row.get(0, String.class)))
			.next()
			.flatMapMany(schema -> Flux.from(postgres.createStatement("LISTEN " + Outbox.CHANNEL).execute())
				.flatMap(result -> result.getRowsUpdated())
				.thenMany(Flux.<Object>just(WAKE)
					.concatWith(postgres.getNotifications()
						.filter(notification -> schema.equals(notification.getParameter()))
						.map(notification -> WAKE))));
	}

	static ConnectionFactory unpooled(ConnectionFactory factory) {
		ConnectionFactory current = factory;
		while (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner
				&& inner != current) {
			current = inner;
		}
		return current;
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private record Pending(UUID id, String payload) {
	}

}

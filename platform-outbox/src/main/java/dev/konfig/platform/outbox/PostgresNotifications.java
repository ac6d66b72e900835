package dev.konfig.platform.outbox;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
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
import org.springframework.lang.Nullable;

/**
 * The service's one PostgreSQL notification listener: a single dedicated connection, outside
 * the pool (a pooled connection would lose its {@code LISTEN}s when handed back), that
 * {@code LISTEN}s on every channel any part of the service asked for and fans every
 * notification out through one sink. When the connection dies it reconnects with backoff
 * (1 s, doubling, at most 30 s), listens again, and then emits one
 * {@link Notification#isReconnect() reconnect} signal to every subscriber: notifications sent
 * while nobody listened are lost, so consumers use that signal to catch up from their tables.
 * <p>
 * The connection opens at start when some channel was asked for, or at the first
 * {@link #listen} after start; a service that listens on nothing holds no connection. Without
 * a PostgreSQL connection factory underneath (another driver) it only logs once and emits the
 * initial signal, so consumers fall back to their timers.
 */
public class PostgresNotifications implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);

	/** Shown in {@code pg_stat_activity}, so operators (and tests) find the listening session. */
	public static final String APPLICATION_NAME = "konfig-listener";

	private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private final ConnectionFactory connections;

	private final Duration minBackoff;

	private final Duration maxBackoff;

	private final Set<String> channels = ConcurrentHashMap.newKeySet();

	private final Sinks.Many<Notification> sink = Sinks.many().multicast().directBestEffort();

	private volatile boolean started;

	private volatile Disposable session;

	private volatile PostgresqlConnection current;

	/**
	 * @param connections the service's connection factory; the listener opens its connection
	 * from the PostgreSQL factory underneath the pool
	 */
	public PostgresNotifications(ConnectionFactory connections) {
		// At most 5 s between attempts, so a restarted database is listened to again within seconds.
		this(connections, Duration.ofSeconds(1), Duration.ofSeconds(5));
	}

	PostgresNotifications(ConnectionFactory connections, Duration minBackoff, Duration maxBackoff) {
		this.connections = unpooled(connections);
		this.minBackoff = minBackoff;
		this.maxBackoff = maxBackoff;
	}

	/**
	 * Notifications on this channel, plus a {@link Notification#isReconnect() reconnect} signal
	 * after each (re)connection (and after this channel's {@code LISTEN} when it is new to a
	 * live connection). Hot: only what arrives while subscribed is seen. A slow subscriber
	 * misses notifications rather than holding the others up, so treat each one as "look
	 * again", never as the only copy of a change.
	 * @param channel a lower-case identifier ({@code outbox}, {@code konfig_config_changes})
	 */
	public Flux<Notification> listen(String channel) {
		if (!CHANNEL.matcher(channel).matches()) {
			throw new IllegalArgumentException("Not a channel name: " + channel);
		}
		Flux<Notification> mine = this.sink.asFlux()
			.filter(notification -> notification.isReconnect() || channel.equals(notification.channel()));
		// The channel is registered once this subscriber is in the sink, so the signal that
		// follows a new channel's LISTEN cannot be emitted before anybody hears it.
		return mine.mergeWith(Mono.fromRunnable(() -> register(channel)).then(Mono.<Notification>empty()));
	}

	private void register(String channel) {
		if (this.channels.add(channel)) {
			PostgresqlConnection live = this.current;
			if (live != null) {
				listenOn(live, channel).subscribe(null,
						ex -> log.warn("LISTEN {} failed; it follows the next reconnect: {}", channel, ex.toString()),
						() -> emit(Notification.RECONNECT));
			}
			else {
				connectIfStarted();
			}
		}
	}

	/**
	 * Whether the listening connection is open now. While it is not, notifications are lost
	 * (the reconnect signal follows its return): what is kept in memory on their word must not
	 * be trusted meanwhile.
	 */
	public boolean isListening() {
		return this.started && this.current != null;
	}

	/** How many subscribers the sink serves now (all channels together). */
	public int subscribers() {
		return this.sink.currentSubscriberCount();
	}

	@Override
	public synchronized void start() {
		this.started = true;
		connectIfStarted();
	}

	@Override
	public synchronized void stop() {
		this.started = false;
		Disposable running = this.session;
		this.session = null;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	/**
	 * Starts before and stops after its consumers (the outbox relay, watches), which run in the
	 * default phase: they never miss the connection they count on.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	private synchronized void connectIfStarted() {
		if (!this.started || this.session != null || this.channels.isEmpty()) {
			return;
		}
		this.session = Flux.usingWhen(Mono.from(this.connections.create()), this::notifications, this::close)
			// The server closed the connection (terminated backend, restart): listen again.
			.concatWith(Flux.error(() -> new IllegalStateException("The LISTEN connection closed")))
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.minBackoff)
				.maxBackoff(this.maxBackoff)
				// A connection that delivered something restarts the backoff at its minimum.
				.transientErrors(true)
				.doBeforeRetry(signal -> log.warn("PostgreSQL LISTEN connection lost; reconnecting: {}",
						signal.failure().toString())))
			.subscribe(this::emit);
	}

	private void emit(Notification notification) {
		// Two threads may emit at once (the session, a new channel's LISTEN): wait, never drop.
		this.sink.emitNext(notification, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
	}

	private Flux<Notification> notifications(Connection connection) {
		if (!(connection instanceof PostgresqlConnection postgres)) {
			log.warn("Cannot LISTEN on {}; consumers rely on their timers", connection.getClass().getName());
			return Flux.just(Notification.RECONNECT).concatWith(Flux.never());
		}
		// Notifications are subscribed to before the LISTENs and the reconnect signal follows
		// them, so nothing committed around the (re)connection goes unseen.
		Flux<Notification> incoming = postgres.getNotifications()
			.map(notification -> new Notification(notification.getName(), notification.getParameter()));
		Mono<Notification> listening = Flux.from(postgres
			.createStatement("SET application_name TO '" + APPLICATION_NAME + "'")
			.execute()).flatMap(PostgresqlResult::getRowsUpdated).then(Mono.fromRunnable(() -> this.current = postgres))
			// Channels added from here on are LISTENed by listen() itself; LISTEN twice is harmless.
			.thenMany(Flux.defer(() -> Flux.fromIterable(Set.copyOf(this.channels))))
			.concatMap(channel -> listenOn(postgres, channel))
			.then(Mono.fromCallable(() -> {
				log.info("Listening on PostgreSQL channels {}", this.channels);
				return Notification.RECONNECT;
			}));
		return Flux.merge(incoming, listening);
	}

	private static Mono<Void> listenOn(PostgresqlConnection connection, String channel) {
		// The channel is checked against CHANNEL: a plain identifier, safe to inline.
		return Flux.from(connection.createStatement("LISTEN " + channel).execute())
			.flatMap(PostgresqlResult::getRowsUpdated)
			.then();
	}

	private Mono<Void> close(Connection connection) {
		if (this.current == connection) {
			this.current = null;
		}
		return Mono.from(connection.close()).onErrorResume(ex -> Mono.empty());
	}

	/** The PostgreSQL factory under a pool (or any other wrapper). */
	static ConnectionFactory unpooled(ConnectionFactory factory) {
		ConnectionFactory current = factory;
		while (current instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof ConnectionFactory inner
				&& inner != current) {
			current = inner;
		}
		return current;
	}

	/**
	 * One notification, or the signal that the listener (re)connected.
	 *
	 * @param channel the channel; {@code null} for the reconnect signal
	 * @param payload what {@code pg_notify} sent; {@code null} for the reconnect signal
	 */
	public record Notification(@Nullable String channel, @Nullable String payload) {

		static final Notification RECONNECT = new Notification(null, null);

		/**
		 * Whether this is the signal sent after each (re)connection: anything may have changed
		 * while nobody listened, so re-read what matters.
		 */
		public boolean isReconnect() {
			return this.channel == null;
		}

	}

}

package dev.konfig.config.watch;

import java.util.UUID;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import dev.konfig.config.history.ConfigHistory;
import dev.konfig.config.system.ConfigProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Listens on {@link ConfigHistory#CHANNEL} over one dedicated connection (outside the pool,
 * which must not lose a connection to a LISTEN) and multicasts each namespace's new revision to
 * the watchers of this replica. After every (re)connection it emits a resync signal, so
 * watchers re-read what they may have missed while the connection was down.
 */
@Component
class NamespaceChangeFeed implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(NamespaceChangeFeed.class);

	/**
	 * A namespace reached a revision; a null namespace means "resync": anything may have
	 * changed.
	 */
	record Change(UUID namespaceId, long revision) {

		static final Change RESYNC = new Change(null, 0);

		boolean concerns(UUID namespace, long after) {
			return this.namespaceId == null || (this.namespaceId.equals(namespace) && this.revision > after);
		}

	}

	private volatile Sinks.Many<Change> sink = Sinks.many().multicast().directBestEffort();

	private final R2dbcProperties r2dbc;

	private final ConfigProperties properties;

	private volatile Disposable listening;

	NamespaceChangeFeed(R2dbcProperties r2dbc, ConfigProperties properties) {
		this.r2dbc = r2dbc;
		this.properties = properties;
	}

	/**
	 * The changes of one namespace past a revision, plus resync signals. A slow subscriber
	 * keeps only the latest signal, which is enough: each one only means "look again".
	 */
	Flux<Change> changes(UUID namespaceId, long after) {
		return this.sink.asFlux().onBackpressureLatest().filter(change -> change.concerns(namespaceId, after));
	}

	/** Completes when this replica stops watching (at shutdown). */
	Mono<Boolean> stopped() {
		return this.sink.asFlux().then(Mono.just(true));
	}

	/** How many watchers this replica is serving now. */
	int watchers() {
		return this.sink.currentSubscriberCount();
	}

	@Override
	public void start() {
		ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(this.r2dbc.getUrl()).mutate();
		if (StringUtils.hasText(this.r2dbc.getUsername())) {
			options.option(ConnectionFactoryOptions.USER, this.r2dbc.getUsername());
		}
		if (StringUtils.hasText(this.r2dbc.getPassword())) {
			options.option(ConnectionFactoryOptions.PASSWORD, this.r2dbc.getPassword());
		}
		var factory = ConnectionFactories.get(options.build());
		Flux<Change> session = Flux.usingWhen(Mono.from(factory.create()).cast(PostgresqlConnection.class),
				// Notifications are subscribed to before LISTEN, and the resync follows LISTEN, so no
				// change committed around the (re)connection goes unseen.
				connection -> Flux.merge(connection.getNotifications().mapNotNull(n -> parse(n.getParameter())),
						connection.createStatement("LISTEN " + ConfigHistory.CHANNEL)
							.execute()
							.flatMap(PostgresqlResult::getRowsUpdated)
							.then(Mono.fromRunnable(
									() -> log.info("Listening for config changes on {}", ConfigHistory.CHANNEL)))
							.thenMany(Flux.just(Change.RESYNC))),
				PostgresqlConnection::close);
		this.listening = session
			.doOnError(ex -> log.warn("The config change listener lost its connection; reconnecting: {}", ex.toString()))
			// A completed stream means the server closed the connection: listen again.
			.repeatWhen(completed -> completed.delayElements(this.properties.watchReconnectDelay()))
			.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, this.properties.watchReconnectDelay()))
			.subscribe(change -> this.sink.tryEmitNext(change));
	}

	/**
	 * Ends every watch of this replica before the web server drains: long polls answer at once
	 * and event streams end, so clients move to another replica (resuming from their last
	 * event) instead of holding the shutdown up.
	 */
	@Override
	public void stop() {
		Disposable current = this.listening;
		if (current != null) {
			current.dispose();
		}
		this.listening = null;
		Sinks.Many<Change> ending = this.sink;
		this.sink = Sinks.many().multicast().directBestEffort();
		ending.tryEmitComplete();
	}

	@Override
	public boolean isRunning() {
		return this.listening != null && !this.listening.isDisposed();
	}

	static Change parse(String payload) {
		if (payload == null) {
			return null;
		}
		int colon = payload.indexOf(':');
		try {
			return new Change(UUID.fromString(payload.substring(0, colon)), Long.parseLong(payload.substring(colon + 1)));
		}
		catch (RuntimeException malformed) {
			log.warn("Ignoring a malformed config change notification");
			return null;
		}
	}

}

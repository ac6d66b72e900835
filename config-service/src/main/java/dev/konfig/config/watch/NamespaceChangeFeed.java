package dev.konfig.config.watch;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.konfig.config.history.ConfigHistory;
import dev.konfig.platform.outbox.PostgresNotifications;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Turns the notifications on {@link ConfigHistory#CHANNEL} (through the service's one
 * {@link PostgresNotifications} connection) into each namespace's new revision for the watchers
 * of this replica. After every (re)connection of that listener it emits a resync signal, so
 * watchers re-read what they may have missed while the connection was down.
 */
@Component
class NamespaceChangeFeed implements SmartLifecycle, MeterBinder {

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

	private final PostgresNotifications notifications;

	private volatile Disposable listening;

	private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

	NamespaceChangeFeed(PostgresNotifications notifications) {
		this.notifications = notifications;
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

	/**
	 * Also tells the listener of every change and resync, before the watchers, on the thread
	 * that heard it: keep it short.
	 */
	void onChange(Consumer<Change> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Whether notifications are being heard now: while the connection is down (until the
	 * resync that follows its return) changes may go unseen.
	 */
	boolean isListening() {
		return isRunning() && this.notifications.isListening();
	}

	/** How many watchers this replica is serving now. */
	int watchers() {
		return this.sink.currentSubscriberCount();
	}

	/** {@code konfig.config.watchers}: the watches (long polls and event streams) this replica holds. */
	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("konfig.config.watchers", this, NamespaceChangeFeed::watchers)
			.description("Watches of namespaces held open by this replica")
			.register(registry);
	}

	@Override
	public void start() {
		this.listening = this.notifications.listen(ConfigHistory.CHANNEL)
			.mapNotNull(notification -> notification.isReconnect() ? Change.RESYNC : parse(notification.payload()))
			.subscribe(change -> {
				this.listeners.forEach(listener -> listener.accept(change));
				this.sink.tryEmitNext(change);
			});
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

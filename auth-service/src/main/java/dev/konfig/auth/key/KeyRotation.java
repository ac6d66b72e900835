package dev.konfig.auth.key;

import java.time.Duration;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Periodic reload (another replica may have rotated) and rotation check. Each tick runs after
 * the previous one finished, and a failed tick does not stop the next. Ticks start once the
 * context is up (after Flyway has migrated), the first one at once, so a new replica holds its
 * keys before it reports ready; until the first success it retries every few seconds.
 */
public class KeyRotation implements SmartLifecycle {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KeyRotation.class);

	private final SigningKeyStore keys;

	private final Duration reloadInterval;

	private Disposable ticks;

	public KeyRotation(SigningKeyStore keys, Duration reloadInterval) {
		this.keys = keys;
		this.reloadInterval = reloadInterval;
	}

	@Override
	public void start() {
		Mono<Void> firstLoad = this.keys.rotateIfDue(false)
			.then()
			.doOnError(ex -> log.warn("Signing keys not loaded yet; retrying: {}", ex.toString()))
			.retryWhen(reactor.util.retry.Retry.fixedDelay(Long.MAX_VALUE, Duration.ofSeconds(2)));
		this.ticks = firstLoad.thenMany(Flux.interval(this.reloadInterval, this.reloadInterval))
			.concatMap(tick -> this.keys.rotateIfDue(false).then().onErrorResume(ex -> {
				log.warn("Signing key reload or rotation failed; keeping the loaded keys", ex);
				return Mono.empty();
			}))
			.subscribe();
	}

	@Override
	public void stop() {
		if (this.ticks != null) {
			this.ticks.dispose();
			this.ticks = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.ticks != null && !this.ticks.isDisposed();
	}

}

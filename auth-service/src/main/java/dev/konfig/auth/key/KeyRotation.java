package dev.konfig.auth.key;

import java.time.Duration;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Periodic reload (another replica may have rotated) and rotation check. Each tick runs after
 * the previous one finished, and a failed tick does not stop the next.
 */
public class KeyRotation implements InitializingBean, DisposableBean {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KeyRotation.class);

	private final SigningKeyStore keys;

	private final Duration reloadInterval;

	private Disposable ticks;

	public KeyRotation(SigningKeyStore keys, Duration reloadInterval) {
		this.keys = keys;
		this.reloadInterval = reloadInterval;
	}

	@Override
	public void afterPropertiesSet() {
		// The first tick runs at startup, so the first request never waits for a key to be made.
		this.ticks = Flux.interval(Duration.ZERO, this.reloadInterval)
			.concatMap(tick -> this.keys.rotateIfDue(false).then().onErrorResume(ex -> {
				log.warn("Signing key reload or rotation failed; keeping the loaded keys", ex);
				return Mono.empty();
			}))
			.subscribe();
	}

	@Override
	public void destroy() {
		if (this.ticks != null) {
			this.ticks.dispose();
		}
	}

}

package dev.konfig.platform.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * The first step of a replica's shutdown (SIGTERM): Boot has just turned readiness to
 * REFUSING_TRAFFIC, and this waits {@code konfig.shutdown.drain-delay} while the replica still
 * serves everything, so its peers' readiness probes (and a Kubernetes Service) stop sending to
 * it before anything closes. Then the lifecycle stops in order: watches are answered, the outbox
 * relay finishes its batch, the web server stops accepting and finishes its requests
 * ({@code server.shutdown=graceful}), and the database pool closes. Off (0) unless set.
 */
class ShutdownDrain implements ApplicationListener<ContextClosedEvent> {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	private final Duration delay;

	ShutdownDrain(Duration delay) {
		this.delay = delay;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (this.delay.isZero() || this.delay.isNegative() || event.getApplicationContext().getParent() != null) {
			return;
		}
		log.info("Shutting down: not ready, draining for {} before closing", this.delay);
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

package dev.konfig.auth.key;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Part of readiness: an auth-service replica takes traffic only once it holds a signing key,
 * so no request pays for creating (or loading) the keys.
 */
public class SigningKeyHealthIndicator implements ReactiveHealthIndicator {

	private final SigningKeyStore keys;

	public SigningKeyHealthIndicator(SigningKeyStore keys) {
		this.keys = keys;
	}

	@Override
	public Mono<Health> health() {
		return Mono.just(this.keys.loaded() ? Health.up().build()
				: Health.outOfService().withDetail("reason", "signing keys not loaded yet").build());
	}

}

package dev.konfig.auth.user;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing off the event loop. An unknown account is checked against a dummy hash so
 * it costs as long as a wrong password and the two cannot be told apart by timing.
 */
@Component
public class Passwords {

	private final Argon2PasswordEncoder encoder;

	private final Mono<String> dummyHash;

	Passwords(Argon2PasswordEncoder encoder) {
		this.encoder = encoder;
		this.dummyHash = Mono.fromCallable(() -> encoder.encode("not-a-password-of-anyone"))
			.subscribeOn(Schedulers.boundedElastic())
			.cache();
	}

	public Mono<String> hash(String raw) {
		return Mono.fromCallable(() -> this.encoder.encode(raw)).subscribeOn(Schedulers.boundedElastic());
	}

	/** Whether {@code raw} matches; a {@code null} hash (unknown user) never matches, after the same work. */
	public Mono<Boolean> matches(String raw, String hash) {
		Mono<String> against = (hash != null) ? Mono.just(hash) : this.dummyHash;
		return against
			.flatMap(stored -> Mono.fromCallable(() -> this.encoder.matches(raw, stored))
				.subscribeOn(Schedulers.boundedElastic()))
			.map(matched -> matched && hash != null);
	}

}

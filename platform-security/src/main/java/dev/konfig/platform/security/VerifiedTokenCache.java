package dev.konfig.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import reactor.core.publisher.Mono;

/**
 * A decoder that remembers the tokens it has verified, by their exact text, until they expire:
 * programs send the same access token with every request, and verifying its RS256 signature
 * and claims again each time was a large share of a request's CPU. A token is only ever
 * remembered after the delegate accepted it, so what is refused stays refused; it is forgotten
 * at its {@code exp} (stricter than the delegate's clock skew) and at the latest after
 * {@code maxAge}, so a withdrawn signing key's tokens are checked against the JWKS again soon.
 */
public final class VerifiedTokenCache implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	public VerifiedTokenCache(ReactiveJwtDecoder delegate, Duration maxAge, long maxSize, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maxSize)
			.expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> {
				Duration left = Duration.between(clock.instant(), jwt.getExpiresAt());
				return left.isNegative() ? Duration.ZERO : (left.compareTo(maxAge) > 0 ? maxAge : left);
			}))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = this.verified.getIfPresent(token);
		if (known != null && this.clock.instant().isBefore(known.getExpiresAt())) {
			return Mono.just(known);
		}
		return this.delegate.decode(token).doOnNext(jwt -> {
			Instant expiresAt = jwt.getExpiresAt();
			if (expiresAt != null && this.clock.instant().isBefore(expiresAt)) {
				this.verified.put(token, jwt);
			}
		});
	}

}

package dev.konfig.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokenCacheTests {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));

	private final Clock clock = new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return VerifiedTokenCacheTests.this.now.get();
		}

	};

	private final AtomicInteger verifications = new AtomicInteger();

	private final ReactiveJwtDecoder delegate = token -> {
		this.verifications.incrementAndGet();
		if (token.startsWith("bad")) {
			return Mono.error(new BadJwtException("refused"));
		}
		return Mono.just(Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("user")
			.issuedAt(this.now.get())
			.expiresAt(this.now.get().plus(Duration.ofMinutes(2)))
			.build());
	};

	private final VerifiedTokenCache cache = new VerifiedTokenCache(this.delegate, Duration.ofMinutes(5), 100, this.clock);

	@Test
	void aVerifiedTokenIsVerifiedOnceUntilItExpires() {
		Jwt first = this.cache.decode("good").block();
		Jwt second = this.cache.decode("good").block();
		assertThat(second).isSameAs(first);
		assertThat(this.verifications).hasValue(1);
		this.now.set(this.now.get().plus(Duration.ofMinutes(2)));
		this.cache.decode("good").block();
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void aRefusedTokenIsCheckedEveryTime() {
		assertThatThrownBy(() -> this.cache.decode("bad").block()).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> this.cache.decode("bad").block()).isInstanceOf(BadJwtException.class);
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void tokensAreToldApartByTheirWholeText() {
		Jwt one = this.cache.decode("good-1").block();
		Jwt two = this.cache.decode("good-2").block();
		assertThat(one.getTokenValue()).isEqualTo("good-1");
		assertThat(two.getTokenValue()).isEqualTo("good-2");
		assertThat(this.verifications).hasValue(2);
	}

}

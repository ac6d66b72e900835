package dev.konfig.auth.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.konfig.auth.system.AuthProperties;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private static final Duration WINDOW = Duration.ofMinutes(15);

	private static final AuthProperties.Throttle SETTINGS = new AuthProperties.Throttle(5, 20, 5, WINDOW,
			Duration.ofSeconds(1), Duration.ofSeconds(10));

	@Test
	void allowsFewerFailuresThanTheLimit() {
		assertThat(LoginThrottle.retryAfter(minutesAgo(1, 2, 3, 4), 5, WINDOW, NOW)).isEmpty();
	}

	@Test
	void blocksUntilTheLimitThOldestFailureLeavesTheWindow() {
		assertThat(LoginThrottle.retryAfter(minutesAgo(1, 2, 3, 4, 10), 5, WINDOW, NOW))
			.contains(Duration.ofMinutes(5));
	}

	@Test
	void countsOnlyTheNewestFailuresWhenThereAreMore() {
		assertThat(LoginThrottle.retryAfter(minutesAgo(0, 1, 2, 3, 4, 5, 6), 5, WINDOW, NOW))
			.contains(Duration.ofMinutes(11));
	}

	@Test
	void ignoresFailuresOutsideTheWindow() {
		assertThat(LoginThrottle.retryAfter(minutesAgo(1, 2, 3, 4, 16), 5, WINDOW, NOW)).isEmpty();
	}

	@Test
	void neverSlowsAnAccountBelowTheLimit() {
		assertThat(LoginThrottle.accountDelay(4, SETTINGS)).isEmpty();
	}

	@Test
	void doublesTheSlowDownForEveryFurtherFailureUpToTheMaximum() {
		assertThat(LoginThrottle.accountDelay(5, SETTINGS)).contains(Duration.ofSeconds(1));
		assertThat(LoginThrottle.accountDelay(7, SETTINGS)).contains(Duration.ofSeconds(4));
		assertThat(LoginThrottle.accountDelay(9, SETTINGS)).contains(Duration.ofSeconds(10));
		assertThat(LoginThrottle.accountDelay(10_000, SETTINGS)).contains(Duration.ofSeconds(10));
	}

	private static List<Instant> minutesAgo(int... minutes) {
		return java.util.Arrays.stream(minutes).mapToObj(minute -> NOW.minus(Duration.ofMinutes(minute))).toList();
	}

}

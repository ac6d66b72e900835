package dev.konfig.config.watch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitDurationTests {

	private static final Duration MAX = Duration.ofSeconds(55);

	@Test
	void readsSecondsMillisecondsAndMinutesUpToTheMaximum() {
		assertThat(WaitDuration.parse("30s", MAX)).isEqualTo(Duration.ofSeconds(30));
		assertThat(WaitDuration.parse("30", MAX)).isEqualTo(Duration.ofSeconds(30));
		assertThat(WaitDuration.parse("1500ms", MAX)).isEqualTo(Duration.ofMillis(1500));
		assertThat(WaitDuration.parse("5m", MAX)).isEqualTo(MAX);
	}

	@Test
	void refusesAnythingElse() {
		assertThatThrownBy(() -> WaitDuration.parse("soon", MAX)).isInstanceOf(InvalidWatchRequestException.class);
		assertThatThrownBy(() -> WaitDuration.parse("-1s", MAX)).isInstanceOf(InvalidWatchRequestException.class);
	}

}

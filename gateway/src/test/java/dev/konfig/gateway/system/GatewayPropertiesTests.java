package dev.konfig.gateway.system;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GatewayPropertiesTests {

	@Test
	void refusesAnApiKeyCacheTtlAsLongAsTheTokensLife() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofMinutes(5)))
			.withMessageContaining("api-key-cache-ttl");
	}

	@Test
	void acceptsAnApiKeyCacheTtlBelowTheTokensLife() {
		assertThat(properties(Duration.ofSeconds(30)).apiKeyCacheTtl()).isEqualTo(Duration.ofSeconds(30));
	}

	private static GatewayProperties properties(Duration apiKeyCacheTtl) {
		return new GatewayProperties(apiKeyCacheTtl, Duration.ofSeconds(5), 100, Duration.ofSeconds(20));
	}

}

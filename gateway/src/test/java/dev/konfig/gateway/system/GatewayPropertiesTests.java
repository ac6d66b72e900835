package dev.konfig.gateway.system;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GatewayPropertiesTests {

	@Test
	void refusesANegativeApiKeyCacheTtl() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofSeconds(-1)))
			.withMessageContaining("api-key-cache-ttl");
	}

	@Test
	void leavesTheTokensLifeToAuthServicesExpiresIn() {
		// Reuse is also bounded per token by the exchange's expires_in, so no TTL outlives a token.
		assertThat(properties(Duration.ofSeconds(30)).apiKeyCacheTtl()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties(Duration.ofMinutes(10)).apiKeyCacheTtl()).isEqualTo(Duration.ofMinutes(10));
	}

	private static GatewayProperties properties(Duration apiKeyCacheTtl) {
		return new GatewayProperties(apiKeyCacheTtl, Duration.ofSeconds(5), 100, Duration.ofSeconds(20),
				Duration.ofSeconds(5));
	}

	@Test
	void refusesAMembershipCacheTtlAboveFiveSeconds() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GatewayProperties(Duration.ofSeconds(30), Duration.ofSeconds(5), 100,
					Duration.ofSeconds(20), Duration.ofSeconds(6)))
			.withMessageContaining("membership-cache-ttl");
		assertThat(new GatewayProperties(Duration.ofSeconds(30), Duration.ofSeconds(5), 100, Duration.ofSeconds(20),
				Duration.ofSeconds(2)).membershipCacheTtl()).isEqualTo(Duration.ofSeconds(2));
	}

}

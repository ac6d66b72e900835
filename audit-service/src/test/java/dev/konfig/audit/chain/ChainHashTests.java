package dev.konfig.audit.chain;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainHashTests {

	private static final UUID ID = UUID.fromString("7f0c7f5e-0d5c-4a53-9a0b-1f4f0f6a2b11");

	private static final UUID ORG = UUID.fromString("1c9a3e5e-2a0f-4c1e-8a64-5d6c0b7e9f20");

	private static final Instant AT = Instant.parse("2026-11-23T12:00:00.123456Z");

	@Test
	void isStableHexSha256() {
		String hash = hash("config.updated", "a", "b", ChainHash.GENESIS);

		assertThat(hash).hasSize(64).matches("[0-9a-f]+").isEqualTo(hash("config.updated", "a", "b", ChainHash.GENESIS));
	}

	@Test
	void coversThePreviousHash() {
		assertThat(hash("config.updated", "a", "b", ChainHash.GENESIS))
			.isNotEqualTo(hash("config.updated", "a", "b", "1".repeat(64)));
	}

	@Test
	void cannotBeFooledByMovingTextBetweenFields() {
		assertThat(hash("config.updated", "ab", "c", ChainHash.GENESIS))
			.isNotEqualTo(hash("config.updated", "a", "bc", ChainHash.GENESIS));
		assertThat(hash("config.updated", null, "c", ChainHash.GENESIS))
			.isNotEqualTo(hash("config.updated", "", "c", ChainHash.GENESIS));
	}

	private static String hash(String type, String entityType, String entityId, String previous) {
		return ChainHash.of(ID, ORG, 1, AT, type, entityType, entityId, "actor", "user", "203.0.113.1", "curl",
				"req", "success", "{\"a\": 1}", previous);
	}

}

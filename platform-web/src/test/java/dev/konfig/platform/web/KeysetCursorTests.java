package dev.konfig.platform.web;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysetCursorTests {

	@Test
	void roundTripsSeveralParts() {
		UUID id = UUID.randomUUID();
		String cursor = KeysetCursor.encode("Acme: prints / more", id);
		assertThat(cursor).doesNotContain("Acme").doesNotContain("=");
		assertThat(KeysetCursor.decode(cursor, 2)).containsExactly("Acme: prints / more", id.toString());
	}

	@Test
	void noCursorMeansTheFirstPage() {
		assertThat(KeysetCursor.decode(null, 1)).isNull();
		assertThat(KeysetCursor.decode(" ", 1)).isNull();
	}

	@Test
	void foreignCursorIsABadRequestNamingTheField() {
		assertThatThrownBy(() -> KeysetCursor.decode("%%%not-base64", 1)).isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> KeysetCursor.decode(KeysetCursor.encode("a", "b", "c"), 2))
			.isInstanceOfSatisfying(BadRequestException.class,
					ex -> assertThat(ex.errors()).extracting(FieldViolation::field).isEqualTo(List.of("cursor")));
	}

	@Test
	void roundTripsATimeAndAnIdToTheMicrosecond() {
		KeysetCursor.TimeAndId position = new KeysetCursor.TimeAndId(Instant.parse("2026-01-02T03:04:05.123456Z"),
				UUID.randomUUID());
		assertThat(KeysetCursor.decodeTimeAndId(position.encode())).isEqualTo(position);
		assertThat(KeysetCursor.decodeTimeAndId(null)).isNull();
		assertThatThrownBy(() -> KeysetCursor.decodeTimeAndId(KeysetCursor.encode("yesterday", UUID.randomUUID())))
			.isInstanceOf(BadRequestException.class);
		assertThatThrownBy(() -> KeysetCursor.decodeTimeAndId(KeysetCursor.encode(Instant.now(), "not-an-id")))
			.isInstanceOf(BadRequestException.class);
	}

}

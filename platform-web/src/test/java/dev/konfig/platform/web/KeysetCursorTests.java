package dev.konfig.platform.web;

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

}

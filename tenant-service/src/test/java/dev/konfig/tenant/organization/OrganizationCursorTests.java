package dev.konfig.tenant.organization;

import java.util.UUID;

import dev.konfig.platform.web.BadRequestException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class OrganizationCursorTests {

	@Test
	void survivesTheRoundTripWithAnyName() {
		OrganizationCursor cursor = new OrganizationCursor("Ünïcode & spaces / slashes", UUID.randomUUID());
		assertThat(OrganizationCursor.decode(cursor.encode())).isEqualTo(cursor);
		assertThat(cursor.encode()).doesNotContain("/", "+", "=");
	}

	@Test
	void rejectsWhatItDidNotIssue() {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> OrganizationCursor.decode("not a cursor!"));
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> OrganizationCursor.decode("c2hvcnQ"))
			.satisfies(ex -> assertThat(ex.errors()).singleElement()
				.satisfies(error -> assertThat(error.field()).isEqualTo("cursor")));
	}

}

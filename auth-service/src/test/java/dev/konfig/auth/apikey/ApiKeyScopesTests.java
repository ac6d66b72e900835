package dev.konfig.auth.apikey;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.web.BadRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiKeyScopesTests {

	private static final List<String> ALLOWED = List.of("read", "write");

	@Test
	void parsesCommaSeparatedScopes() {
		assertThat(ApiKeyScopes.parse(" read, WRITE ,read", ALLOWED)).containsExactly("read", "write");
	}

	@Test
	void refusesUnknownScopes() {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> ApiKeyScopes.parse("read,admin", ALLOWED))
			.withMessageContaining("admin");
	}

	@Test
	void refusesNoScopes() {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> ApiKeyScopes.parse(" , ", ALLOWED));
	}

}

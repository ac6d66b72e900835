package dev.konfig.auth.apikey;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.ForbiddenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

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
	void neverGrantsThePlatformAdminScopeEvenWhenConfigured() {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> ApiKeyScopes.parse("read,platform:admin", List.of("read", "platform:admin")))
			.withMessageContaining("platform:admin");
	}

	@Test
	void refusesNoScopes() {
		assertThatExceptionOfType(BadRequestException.class).isThrownBy(() -> ApiKeyScopes.parse(" , ", ALLOWED));
	}

	@Test
	void capsAKeysScopesAtWhatItsCreatorMayDo() {
		assertThatNoException().isThrownBy(() -> ApiKeyScopes.requireGrantable(Set.of("read", "write"), Role.MEMBER));
		assertThatExceptionOfType(ForbiddenException.class)
			.isThrownBy(() -> ApiKeyScopes.requireGrantable(Set.of("read", "secrets:read"), Role.MEMBER))
			.withMessageContaining("secrets:read");
		assertThatExceptionOfType(ForbiddenException.class)
			.isThrownBy(() -> ApiKeyScopes.requireGrantable(Set.of("audit:read"), Role.MEMBER));
		assertThatExceptionOfType(ForbiddenException.class)
			.isThrownBy(() -> ApiKeyScopes.requireGrantable(Set.of("some:new"), Role.MEMBER));
		assertThatNoException().isThrownBy(() -> ApiKeyScopes
			.requireGrantable(Set.of("read", "write", "secrets:read", "audit:read", "some:new"), Role.ADMIN));
	}

}

package dev.konfig.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import dev.konfig.platform.web.ForbiddenException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KonfigJwtAuthenticationConverterTests {

	private final UUID user = UUID.randomUUID();

	private final UUID organization = UUID.randomUUID();

	@Test
	void userTokenBecomesPrincipalWithRoleAndScopes() {
		KonfigAuthentication authentication = KonfigJwtAuthenticationConverter.authenticate(jwt()
			.claim(KonfigClaims.PRINCIPAL_TYPE, "user")
			.claim(KonfigClaims.ORGANIZATION, this.organization.toString())
			.claim(KonfigClaims.ROLE, "admin")
			.claim(KonfigClaims.SCOPE, "read write")
			.build());
		KonfigPrincipal principal = authentication.getPrincipal();
		assertThat(principal.userId()).isEqualTo(this.user);
		assertThat(principal.organizationId()).isEqualTo(this.organization);
		assertThat(principal.hasRole(Role.ADMIN)).isTrue();
		assertThat(principal.hasRole(Role.OWNER)).isFalse();
		assertThat(authentication.getAuthorities()).extracting(Object::toString)
			.containsExactlyInAnyOrder("SCOPE_read", "SCOPE_write", "ROLE_ADMIN");
	}

	@Test
	void apiKeyHasNoRoleAndCannotPassRoleChecks() {
		KonfigPrincipal principal = KonfigJwtAuthenticationConverter.authenticate(jwt()
			.claim(KonfigClaims.PRINCIPAL_TYPE, "api_key")
			.claim(KonfigClaims.ORGANIZATION, this.organization.toString())
			.claim(KonfigClaims.SCOPE, "read")
			.build()).getPrincipal();
		assertThat(principal.role()).isNull();
		assertThat(principal.hasScope("read")).isTrue();
		assertThat(principal.hasScope("write")).isFalse();
		assertThatThrownBy(() -> principal.requireRole(Role.MEMBER)).isInstanceOf(ForbiddenException.class);
		assertThatThrownBy(principal::userId).isInstanceOf(ForbiddenException.class);
	}

	@Test
	void refusesUserTokenWithoutOrganization() {
		Jwt token = jwt().claim(KonfigClaims.PRINCIPAL_TYPE, "user").claim(KonfigClaims.ROLE, "owner").build();
		assertThatThrownBy(() -> KonfigJwtAuthenticationConverter.authenticate(token))
			.isInstanceOf(InvalidBearerTokenException.class)
			.hasMessageContaining("org");
	}

	@Test
	void refusesUnknownPrincipalTypeAndRole() {
		assertThatThrownBy(() -> KonfigJwtAuthenticationConverter.authenticate(jwt().claim(KonfigClaims.PRINCIPAL_TYPE, "robot")
			.claim(KonfigClaims.ORGANIZATION, this.organization.toString())
			.build())).isInstanceOf(InvalidBearerTokenException.class);
		assertThatThrownBy(() -> KonfigJwtAuthenticationConverter.authenticate(jwt().claim(KonfigClaims.PRINCIPAL_TYPE, "user")
			.claim(KonfigClaims.ORGANIZATION, this.organization.toString())
			.claim(KonfigClaims.ROLE, "emperor")
			.build())).isInstanceOf(InvalidBearerTokenException.class);
	}

	@Test
	void serviceTokenNeedsNoOrganization() {
		KonfigPrincipal principal = KonfigJwtAuthenticationConverter.authenticate(Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("tenant-service")
			.claim(KonfigClaims.PRINCIPAL_TYPE, "service")
			.claim(KonfigClaims.SCOPE, "internal")
			.build()).getPrincipal();
		assertThat(principal.type()).isEqualTo(PrincipalType.SERVICE);
		assertThat(principal.hasScope("internal")).isTrue();
		assertThatThrownBy(principal::requireOrganization).isInstanceOf(ForbiddenException.class);
	}

	@Test
	void platformAdminIsAUserWithThePlatformScopeAndNoMoreRole() {
		KonfigPrincipal principal = KonfigJwtAuthenticationConverter.authenticate(jwt()
			.claim(KonfigClaims.PRINCIPAL_TYPE, "user")
			.claim(KonfigClaims.ORGANIZATION, this.organization.toString())
			.claim(KonfigClaims.ROLE, "member")
			.claim(KonfigClaims.SCOPE, "read write platform:admin")
			.build()).getPrincipal();
		assertThat(principal.requirePlatformAdmin()).isSameAs(principal);
		// The scope adds nothing to the organization role.
		assertThat(principal.hasRole(Role.ADMIN)).isFalse();
		assertThatThrownBy(() -> principal.requireRole(Role.ADMIN)).isInstanceOf(ForbiddenException.class);
	}

	@Test
	void onlyUsersCanBePlatformAdmins() {
		KonfigPrincipal owner = KonfigJwtAuthenticationConverter.authenticate(jwt()
			.claim(KonfigClaims.PRINCIPAL_TYPE, "user")
			.claim(KonfigClaims.ORGANIZATION, this.organization.toString())
			.claim(KonfigClaims.ROLE, "owner")
			.claim(KonfigClaims.SCOPE, "read write")
			.build()).getPrincipal();
		KonfigPrincipal apiKey = KonfigJwtAuthenticationConverter.authenticate(jwt()
			.claim(KonfigClaims.PRINCIPAL_TYPE, "api_key")
			.claim(KonfigClaims.ORGANIZATION, this.organization.toString())
			.claim(KonfigClaims.SCOPE, "read write platform:admin")
			.build()).getPrincipal();
		KonfigPrincipal service = KonfigJwtAuthenticationConverter.authenticate(Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("tenant-service")
			.claim(KonfigClaims.PRINCIPAL_TYPE, "service")
			.claim(KonfigClaims.SCOPE, "internal platform:admin")
			.build()).getPrincipal();
		for (KonfigPrincipal principal : List.of(owner, apiKey, service)) {
			assertThat(principal.isPlatformAdmin()).isFalse();
			assertThatThrownBy(principal::requirePlatformAdmin).isInstanceOf(ForbiddenException.class)
				.hasMessageContaining("platform administrator");
		}
	}

	private Jwt.Builder jwt() {
		return Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject(this.user.toString())
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.audience(List.of("konfig"));
	}

}

package dev.konfig.auth.key;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.security.Role;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokensTests {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private final AccessTokens tokens = new AccessTokens(null, "konfig-auth", "konfig",
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void userTokensCarryOrganizationRoleAndReadWrite() throws Exception {
		UUID user = UUID.randomUUID();
		UUID organization = UUID.randomUUID();

		JWTClaimsSet claims = this.tokens.claims(new AccessTokens.Grant(user.toString(), PrincipalType.USER,
				organization, Role.ADMIN, "read write", Duration.ofMinutes(15)));

		assertThat(claims.getIssuer()).isEqualTo("konfig-auth");
		assertThat(claims.getAudience()).isEqualTo(List.of("konfig"));
		assertThat(claims.getSubject()).isEqualTo(user.toString());
		assertThat(claims.getStringClaim("ptype")).isEqualTo("user");
		assertThat(claims.getStringClaim("org")).isEqualTo(organization.toString());
		assertThat(claims.getStringClaim("role")).isEqualTo("admin");
		assertThat(claims.getStringClaim("scope")).isEqualTo("read write");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(900));
	}

	@Test
	void onlyUserGrantsMayCarryThePlatformAdminScope() {
		for (PrincipalType type : List.of(PrincipalType.API_KEY, PrincipalType.SERVICE)) {
			AccessTokens.Grant grant = new AccessTokens.Grant("x", type, null, null, "read platform:admin",
					Duration.ofMinutes(5));
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.tokens.mint(grant).block())
				.isInstanceOf(IllegalArgumentException.class);
		}
		AccessTokens.requirePlatformScopeOnlyForUsers(new AccessTokens.Grant("x", PrincipalType.USER,
				UUID.randomUUID(), Role.MEMBER, "read write platform:admin", Duration.ofMinutes(15)));
	}

	@Test
	void serviceTokensHaveNoOrganizationNorRole() throws Exception {
		JWTClaimsSet claims = this.tokens.claims(new AccessTokens.Grant("tenant-service", PrincipalType.SERVICE, null,
				null, "internal", Duration.ofMinutes(5)));

		assertThat(claims.getClaims()).doesNotContainKeys("org", "role");
		assertThat(claims.getStringClaim("ptype")).isEqualTo("service");
		assertThat(claims.getStringClaim("scope")).isEqualTo("internal");
	}

	@Test
	void signsWithRs256AndTheKeyId() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID("kid-1")
			.build();

		SignedJWT jwt = SignedJWT.parse(AccessTokens.sign(key, this.tokens.claims(new AccessTokens.Grant(
				UUID.randomUUID().toString(), PrincipalType.API_KEY, UUID.randomUUID(), null, "read", Duration.ofMinutes(5)))));

		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo("kid-1");
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
		assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) pair.getPublic()))).isTrue();
	}

}

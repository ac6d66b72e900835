package dev.konfig.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class KonfigJwtValidatorsTests {

	private final OAuth2TokenValidator<Jwt> validator = KonfigJwtValidators.of(new KonfigSecurityProperties(
			"konfig-auth", "konfig", "http://unused", Duration.ofSeconds(30), List.of(),
			new KonfigSecurityProperties.Client("", "", "http://unused"), java.util.Map.of()));

	@Test
	void acceptsCurrentTokenForTheAudienceFromTheIssuer() {
		assertThat(this.validator.validate(token().build()).hasErrors()).isFalse();
	}

	@Test
	void refusesExpiredToken() {
		Jwt expired = token().issuedAt(Instant.now().minusSeconds(3600)).expiresAt(Instant.now().minusSeconds(120)).build();
		assertThat(this.validator.validate(expired).hasErrors()).isTrue();
	}

	@Test
	void refusesOtherIssuerAndOtherAudience() {
		assertThat(this.validator.validate(token().issuer("https://evil.example").build()).hasErrors()).isTrue();
		assertThat(this.validator.validate(token().audience(List.of("other")).build()).hasErrors()).isTrue();
	}

	@Test
	void refusesTokenWithoutExpiry() {
		Jwt endless = Jwt.withTokenValue("t").header("alg", "RS256").issuer("konfig-auth").audience(List.of("konfig"))
			.subject("s").build();
		assertThat(this.validator.validate(endless).hasErrors()).isTrue();
	}

	private Jwt.Builder token() {
		return Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer("konfig-auth")
			.audience(List.of("konfig"))
			.subject("s")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300));
	}

}

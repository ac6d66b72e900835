package dev.konfig.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/** The claim checks every verifier applies, whatever key source it uses. */
public final class KonfigJwtValidators {

	private KonfigJwtValidators() {
	}

	public static OAuth2TokenValidator<Jwt> of(KonfigSecurityProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(new JwtClaimValidator<Instant>("exp", Objects::nonNull),
				new JwtTimestampValidator(properties.clockSkew()), new JwtIssuerValidator(properties.issuer()),
				new JwtClaimValidator<List<String>>("aud",
						audience -> audience != null && audience.contains(properties.audience())));
	}

}

package dev.konfig.auth.key;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

import dev.konfig.platform.security.KonfigClaims;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.security.Role;

/** Mints the suite's RS256 access tokens with the claims of docs/decisions.md. */
public class AccessTokens {

	private final SigningKeyStore keys;

	private final String issuer;

	private final String audience;

	private final Clock clock;

	public AccessTokens(SigningKeyStore keys, String issuer, String audience, Clock clock) {
		this.keys = keys;
		this.issuer = issuer;
		this.audience = audience;
		this.clock = clock;
	}

	public Mono<String> user(UUID userId, UUID organizationId, Role role, Duration ttl) {
		return user(userId, organizationId, role, false, ttl);
	}

	/** A user's token; a platform administrator's also carries {@code platform:admin}. */
	public Mono<String> user(UUID userId, UUID organizationId, Role role, boolean platformAdmin, Duration ttl) {
		String scope = KonfigClaims.SCOPE_READ + " " + KonfigClaims.SCOPE_WRITE
				+ (platformAdmin ? " " + KonfigClaims.SCOPE_PLATFORM_ADMIN : "");
		return mint(new Grant(userId.toString(), PrincipalType.USER, organizationId, role, scope, ttl));
	}

	public Mono<String> apiKey(UUID keyId, UUID organizationId, String scopes, Duration ttl) {
		return mint(new Grant(keyId.toString(), PrincipalType.API_KEY, organizationId, null, scopes, ttl));
	}

	public Mono<String> service(String clientId, Duration ttl) {
		return mint(new Grant(clientId, PrincipalType.SERVICE, null, null, KonfigClaims.SCOPE_INTERNAL, ttl));
	}

	public Mono<String> mint(Grant grant) {
		return Mono.defer(() -> {
			requirePlatformScopeOnlyForUsers(grant);
			return this.keys.activeKey().map(key -> sign(key, claims(grant)));
		});
	}

	/** The last line of defence: an API key or a service never carries {@code platform:admin}. */
	static void requirePlatformScopeOnlyForUsers(Grant grant) {
		if (grant.type() != PrincipalType.USER && grant.scope() != null
				&& List.of(grant.scope().split("\\s+")).contains(KonfigClaims.SCOPE_PLATFORM_ADMIN)) {
			throw new IllegalArgumentException("Only users can carry " + KonfigClaims.SCOPE_PLATFORM_ADMIN);
		}
	}

	/** The claims of a token minted now; separate so tests can check them without a key. */
	JWTClaimsSet claims(Grant grant) {
		Instant now = this.clock.instant();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(List.of(this.audience))
			.subject(grant.subject())
			.claim(KonfigClaims.PRINCIPAL_TYPE, grant.type().claim())
			.claim(KonfigClaims.SCOPE, grant.scope())
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(grant.ttl())));
		if (grant.organizationId() != null) {
			claims.claim(KonfigClaims.ORGANIZATION, grant.organizationId().toString());
		}
		if (grant.role() != null) {
			claims.claim(KonfigClaims.ROLE, grant.role().claim());
		}
		return claims.build();
	}

	static String sign(RSAKey key, JWTClaimsSet claims) {
		try {
			JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
				.type(JOSEObjectType.JWT)
				.build();
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign an access token", ex);
		}
	}

	/** What a token says about its bearer. */
	public record Grant(String subject, PrincipalType type, UUID organizationId, Role role, String scope,
			Duration ttl) {
	}

}

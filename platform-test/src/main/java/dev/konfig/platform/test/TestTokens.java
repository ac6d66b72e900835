package dev.konfig.platform.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.konfig.platform.security.KonfigClaims;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.security.Role;

/**
 * A stand-in for auth-service's signing side in a single service's tests: a real RSA key, a
 * real JWKS served over HTTP, and tokens shaped exactly like auth-service's. The service under
 * test verifies them through its normal decoder, so the whole verification path runs.
 */
public final class TestTokens {

	public static final String ISSUER = "konfig-auth";

	public static final String AUDIENCE = "konfig";

	private static volatile TestTokens instance;

	private final RSAKey key;

	private final HttpServer server;

	private TestTokens() {
		try {
			this.key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
			String jwks = new JWKSet(this.key.toPublicJWK()).toString();
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			this.server.createContext("/.well-known/jwks.json", exchange -> {
				byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			this.server.start();
		}
		catch (JOSEException | IOException ex) {
			throw new IllegalStateException("Cannot start the test JWKS", ex);
		}
	}

	public static TestTokens get() {
		if (instance == null) {
			synchronized (TestTokens.class) {
				if (instance == null) {
					instance = new TestTokens();
				}
			}
		}
		return instance;
	}

	/** Makes the service under test trust these tokens. */
	public static void register(DynamicPropertyRegistry registry) {
		TestTokens tokens = get();
		registry.add("konfig.security.jwks-uri", tokens::jwksUri);
		registry.add("konfig.security.issuer", () -> ISSUER);
		registry.add("konfig.security.audience", () -> AUDIENCE);
	}

	public String jwksUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/.well-known/jwks.json";
	}

	public String user(UUID userId, UUID organizationId, Role role) {
		return sign(claims -> claims.subject(userId.toString())
			.claim(KonfigClaims.PRINCIPAL_TYPE, PrincipalType.USER.claim())
			.claim(KonfigClaims.ORGANIZATION, organizationId.toString())
			.claim(KonfigClaims.ROLE, role.claim())
			.claim(KonfigClaims.SCOPE, "read write"));
	}

	/** A platform administrator's user token: {@code read write platform:admin}. */
	public String platformAdmin(UUID userId, UUID organizationId, Role role) {
		return sign(claims -> claims.subject(userId.toString())
			.claim(KonfigClaims.PRINCIPAL_TYPE, PrincipalType.USER.claim())
			.claim(KonfigClaims.ORGANIZATION, organizationId.toString())
			.claim(KonfigClaims.ROLE, role.claim())
			.claim(KonfigClaims.SCOPE, "read write " + KonfigClaims.SCOPE_PLATFORM_ADMIN));
	}

	public String apiKey(UUID keyId, UUID organizationId, String... scopes) {
		return sign(claims -> claims.subject(keyId.toString())
			.claim(KonfigClaims.PRINCIPAL_TYPE, PrincipalType.API_KEY.claim())
			.claim(KonfigClaims.ORGANIZATION, organizationId.toString())
			.claim(KonfigClaims.SCOPE, String.join(" ", scopes)));
	}

	public String service(String clientId) {
		return sign(claims -> claims.subject(clientId)
			.claim(KonfigClaims.PRINCIPAL_TYPE, PrincipalType.SERVICE.claim())
			.claim(KonfigClaims.SCOPE, KonfigClaims.SCOPE_INTERNAL));
	}

	/** A token with the standard claims, changed by the caller (to forge bad ones). */
	public String sign(Consumer<JWTClaimsSet.Builder> customizer) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER)
			.audience(List.of(AUDIENCE))
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(15))));
		customizer.accept(claims);
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).type(JOSEObjectType.JWT).build(),
					claims.build());
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

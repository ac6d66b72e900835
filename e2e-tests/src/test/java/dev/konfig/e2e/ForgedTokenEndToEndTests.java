package dev.konfig.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged access tokens fail at the gateway. Tokens that must fail for a reason other than the
 * signature (expired, wrong issuer) are signed with auth-service's real active key, read from
 * its table and decrypted with the key-encryption key the suite was started with, so only the
 * claim checks stand between them and the services.
 */
class ForgedTokenEndToEndTests {

	private static Session owner;

	private static SignedJWT genuine;

	@BeforeAll
	static void registerAnOwner() throws Exception {
		owner = Accounts.registerOrganization();
		genuine = SignedJWT.parse(owner.accessToken());
		assertAccepted(owner.accessToken());
	}

	@Test
	void refusesAlgNone() {
		String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		String[] parts = owner.accessToken().split("\\.");
		assertRefused(header + "." + parts[1] + ".");
	}

	@Test
	void refusesHs256SignedWithThePublicKey() throws Exception {
		String jwks = new String(Accounts.gateway()
			.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody(), StandardCharsets.UTF_8);
		RSAKey published = (RSAKey) JWKSet.parse(jwks).getKeyByKeyId(genuine.getHeader().getKeyID());
		assertThat(published).as("the token's kid is published").isNotNull();
		for (byte[] secret : new byte[][] { published.toRSAPublicKey().getEncoded(),
				published.toJSONString().getBytes(StandardCharsets.UTF_8) }) {
			SignedJWT forged = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).type(JOSEObjectType.JWT).build(),
					genuine.getJWTClaimsSet());
			forged.sign(new MACSigner(pad(secret)));
			assertRefused(forged.serialize());
		}
	}

	@Test
	void refusesExpiredTokens() throws Exception {
		Instant past = Instant.now().minusSeconds(3600);
		assertRefused(AuthSigningKey.sign(claims(genuine).issueTime(Date.from(past.minusSeconds(900)))
			.expirationTime(Date.from(past))
			.build()));
	}

	@Test
	void refusesTheWrongIssuer() throws Exception {
		assertRefused(AuthSigningKey.sign(claims(genuine).issuer("https://evil.example").build()));
	}

	@Test
	void refusesTheWrongAudience() throws Exception {
		assertRefused(AuthSigningKey.sign(claims(genuine).audience("someone-else").build()));
	}

	@Test
	void acceptsATokenSignedWithTheRealKeyAndRightClaims() throws Exception {
		// The control for the two tests above: the same route is open to a correct token.
		assertAccepted(AuthSigningKey.sign(claims(genuine).build()));
	}

	@Test
	void refusesAnUnknownKid() throws Exception {
		RSAKey stranger = new RSAKeyGenerator(2048).keyID("kid-" + UUID.randomUUID()).generate();
		SignedJWT forged = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).type(JOSEObjectType.JWT).build(),
				genuine.getJWTClaimsSet());
		forged.sign(new RSASSASigner(stranger));
		assertRefused(forged.serialize());
	}

	@Test
	void refusesATamperedPayload() throws Exception {
		Session other = Accounts.registerOrganization();
		String[] parts = owner.accessToken().split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace(owner.organizationId().toString(), other.organizationId().toString());
		assertThat(payload).contains(other.organizationId().toString());
		assertRefused(parts[0] + "." + base64(payload) + "." + parts[2]);
	}

	private static JWTClaimsSet.Builder claims(SignedJWT token) throws java.text.ParseException {
		return new JWTClaimsSet.Builder(token.getJWTClaimsSet()).jwtID(UUID.randomUUID().toString());
	}

	private static void assertRefused(String token) {
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		// Past the gateway, the service refuses it on its own as well.
		Accounts.direct("tenant-service")
			.get()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private static void assertAccepted(String token) {
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static byte[] pad(byte[] secret) {
		// HS256 needs at least 256 bits; a public key's encodings are longer anyway.
		return secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
	}

	private static String base64(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}

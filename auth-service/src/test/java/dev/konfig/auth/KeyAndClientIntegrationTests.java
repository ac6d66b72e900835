package dev.konfig.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.key.KeyEncryption;
import dev.konfig.auth.key.SigningKeyStore;
import dev.konfig.auth.system.AuthProperties;

import static org.assertj.core.api.Assertions.assertThat;

class KeyAndClientIntegrationTests extends AuthIntegrationTest {

	@Autowired
	SigningKeyStore keys;

	@Autowired
	DatabaseClient db;

	@Autowired
	TransactionalOperator tx;

	@Autowired
	AuthProperties properties;

	@Test
	void publishesTheActiveKey() throws Exception {
		String token = (String) registerOwner().get("access_token");
		String kid = SignedJWT.parse(token).getHeader().getKeyID();

		JWKSet jwks = JWKSet.parse(this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());

		assertThat(jwks.getKeyByKeyId(kid)).isNotNull();
		assertThat(jwks.getKeyByKeyId(kid).isPrivate()).isFalse();
		assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("RS256");
	}

	@Test
	void rotationKeepsThePreviousKeyValid() throws Exception {
		String before = (String) registerOwner().get("access_token");
		String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

		this.keys.rotateIfDue(true).block(Duration.ofSeconds(30));

		String after = (String) registerOwner().get("access_token");
		assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isNotEqualTo(oldKid);
		call(before, "GET", "/api/v1/auth/me", null).expectStatus().isOk();
		call(after, "GET", "/api/v1/auth/me", null).expectStatus().isOk();
		this.http.get()
			.uri("/.well-known/jwks.json")
			.exchange()
			.expectBody()
			.jsonPath("$.keys[?(@.kid == '" + oldKid + "')]").exists();
	}

	@Test
	void anotherReplicaUsesTheSameKeys() {
		SigningKeyStore replica = new SigningKeyStore(this.db, this.tx,
				new KeyEncryption(this.properties.keyEncryptionKey()), this.properties.keyRotationAge(),
				Clock.systemUTC());

		RSAKey theirs = replica.activeKey().block(Duration.ofSeconds(30));
		RSAKey ours = this.keys.reload().block(Duration.ofSeconds(30)).active();

		assertThat(theirs.getKeyID()).isEqualTo(ours.getKeyID());
		assertThat(theirs.toPublicJWK()).isEqualTo(ours.toPublicJWK());
	}

	@Test
	void clientCredentialsTokenReachesInternalEndpoints() throws Exception {
		Map<String, Object> owner = registerOwner();
		String serviceToken = serviceToken();
		assertThat(SignedJWT.parse(serviceToken).getJWTClaimsSet().getStringClaim("ptype")).isEqualTo("service");
		assertThat(SignedJWT.parse(serviceToken).getJWTClaimsSet().getSubject()).isEqualTo("tenant-service");
		UUID organization = UUID.randomUUID();

		addMembership(user(owner).get("id"), organization, "owner");
		addMembership(user(owner).get("id"), organization, "owner");

		call((String) owner.get("access_token"), "GET", "/api/v1/auth/memberships", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2);
		call((String) owner.get("access_token"), "POST", "/internal/memberships",
				Map.of("user_id", user(owner).get("id"), "organization_id", UUID.randomUUID(), "role", "owner"))
			.expectStatus()
			.isForbidden();
	}

	@Test
	void refusesWrongClientCredentials() {
		this.http.post()
			.uri("/oauth2/token")
			.headers(headers -> headers.setBasicAuth("tenant-service", "wrong"))
			.contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("grant_type=client_credentials")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_client");
	}

	@Test
	void refusesInternalCallsWithoutToken() {
		this.http.post()
			.uri("/internal/memberships")
			.bodyValue(Map.of("user_id", UUID.randomUUID(), "organization_id", UUID.randomUUID(), "role", "member"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType("application/problem+json");
	}

	@Test
	void servesTheOpenApiDocumentWithoutToken() {
		this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/v1/auth/login']").exists()
			.jsonPath("$.servers[0].url").isEqualTo("/")
			// Property names as the service reads and writes them (snake_case), so generated clients work.
			.jsonPath("$.components.schemas.RegisterRequest.properties.tenant_name").exists()
			.jsonPath("$.components.schemas.RegisterRequest.properties.tenantName").doesNotExist()
			.jsonPath("$.components.schemas.TokenResponse.properties.access_token").exists()
			.jsonPath("$.components.schemas.UpdateUserRequest.properties.is_active").exists();
	}

	@Test
	void keepsInternalEndpointsAndTheTokenEndpointOutOfTheOpenApiDocument() {
		this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(document -> org.assertj.core.api.Assertions.assertThat(document)
				.contains("/api/v1/auth/login")
				.doesNotContain("/internal/")
				.doesNotContain("/oauth2/token"));
	}

}

package dev.konfig.gateway;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.gateway.apikey.ApiKeyTokens;
import dev.konfig.platform.web.outbound.OutboundClients;

import static org.assertj.core.api.Assertions.assertThat;

/** Who gets past the gateway, and with which single credential. */
class AuthenticationIntegrationTests extends GatewayIntegrationTest {

	@Autowired
	OutboundClients outbound;

	@Test
	void refusesARequestWithoutCredentials() {
		expectUnauthorized(this.http.get().uri("/api/v1/organizations").exchange());
	}

	@Test
	void refusesAMalformedToken() {
		expectUnauthorized(this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth("not-a-jwt"))
			.exchange());
	}

	@Test
	void refusesAnExpiredToken() {
		String expired = tokens.sign(claims -> userClaims(claims)
			.issueTime(Date.from(Instant.now().minusSeconds(3600)))
			.expirationTime(Date.from(Instant.now().minusSeconds(600))));
		expectUnauthorized(this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(expired))
			.exchange());
	}

	@Test
	void refusesATokenOfAnotherIssuer() {
		String foreign = tokens.sign(claims -> userClaims(claims).issuer("someone-else"));
		expectUnauthorized(this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(foreign))
			.exchange());
	}

	@Test
	void refusesATokenForAnotherAudience() {
		String foreign = tokens.sign(claims -> userClaims(claims).audience("another-suite"));
		expectUnauthorized(this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(foreign))
			.exchange());
	}

	@Test
	void refusesATamperedToken() {
		String token = userToken();
		String tampered = token.substring(0, token.length() - 4)
				+ (token.endsWith("AAAA") ? "BBBB" : "AAAA");
		expectUnauthorized(this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(tampered))
			.exchange());
	}

	@Test
	void passesAValidBearerTokenUnchanged() {
		String token = userToken();
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers.authorization.length()")
			.isEqualTo(1)
			.jsonPath("$.headers.authorization[0]")
			.isEqualTo("Bearer " + token);
	}

	@Test
	void exchangesAnApiKeyOnceAndRelaysItsTokenInsteadOfTheKey() {
		String apiKey = apiKey("read", "write");
		for (int i = 0; i < 3; i++) {
			this.http.get()
				.uri("/api/v1/organizations")
				.header("X-API-Key", apiKey)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.headers['x-api-key']")
				.doesNotExist()
				.jsonPath("$.headers.authorization.length()")
				.isEqualTo(1)
				.jsonPath("$.headers.authorization[0]")
				.isEqualTo("Bearer " + authService.tokenOf(apiKey));
		}
		assertThat(authService.exchangesOf(apiKey)).isEqualTo(1);
	}

	@Test
	void sendsTheRequestIdWithTheApiKeyExchange() {
		String apiKey = apiKey("read");
		this.http.get()
			.uri("/api/v1/organizations")
			.header("X-API-Key", apiKey)
			.header("X-Request-Id", "exchange-request-1")
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(authService.exchangeRequestIdOf(apiKey)).isEqualTo("exchange-request-1");
	}

	@Test
	void exchangesAKeyOnceWhenManyRequestsArriveTogether() {
		String apiKey = apiKey("read");
		List<CompletableFuture<Void>> requests = IntStream.range(0, 8)
			.mapToObj(i -> CompletableFuture.runAsync(() -> this.http.get()
				.uri("/api/v1/organizations")
				.header("X-API-Key", apiKey)
				.exchange()
				.expectStatus()
				.isOk()))
			.toList();
		CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
		assertThat(authService.exchangesOf(apiKey)).isEqualTo(1);
	}

	@Test
	void replacesAClientsAuthorizationHeaderWithTheApiKeysToken() {
		String apiKey = apiKey("read");
		this.http.get()
			.uri("/api/v1/organizations")
			.header("X-API-Key", apiKey)
			.header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers.authorization.length()")
			.isEqualTo(1)
			.jsonPath("$.headers.authorization[0]")
			.isEqualTo("Bearer " + authService.tokenOf(apiKey));
	}

	@Test
	void refusesAnUnknownApiKeyAndRemembersTheRefusal() {
		String unknown = "konfig_" + UUID.randomUUID().toString().replace("-", "");
		for (int i = 0; i < 3; i++) {
			expectUnauthorized(this.http.get()
				.uri("/api/v1/organizations")
				.header("X-API-Key", unknown)
				.exchange());
		}
		assertThat(authService.exchangesOf(unknown)).isEqualTo(1);
	}

	@Test
	void aFloodOfRefusedApiKeysNeverOpensAuthServicesBreaker() {
		CircuitBreaker breaker = this.outbound.client(ApiKeyTokens.OUTBOUND_CLIENT).circuitBreaker();
		// More refusals than the breaker's window, each a new key and so a new exchange (401).
		for (int i = 0; i < 30; i++) {
			expectUnauthorized(this.http.get()
				.uri("/api/v1/organizations")
				.header("X-API-Key", "konfig_" + UUID.randomUUID().toString().replace("-", ""))
				.exchange());
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		// The window holds the last 20 calls, all of them refusals now: none counted as a failure.
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		this.http.get()
			.uri("/api/v1/organizations")
			.header("X-API-Key", apiKey("read"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void refusesAWriteWithAReadOnlyApiKey() {
		String apiKey = apiKey("read");
		this.http.post()
			.uri("/api/v1/organizations")
			.header("X-API-Key", apiKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(403);
	}

	@Test
	void letsAReadOnlyApiKeyRead() {
		this.http.get()
			.uri("/api/organizations")
			.header("X-API-Key", apiKey("read"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void letsAWriteApiKeyWrite() {
		this.http.post()
			.uri("/api/v1/organizations")
			.header("X-API-Key", apiKey("write"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void ignoresAndDropsCredentialsSentToPublicPaths() {
		String expired = tokens.sign(claims -> userClaims(claims)
			.issueTime(Date.from(Instant.now().minusSeconds(3600)))
			.expirationTime(Date.from(Instant.now().minusSeconds(600))));
		String unknownKey = "konfig_" + UUID.randomUUID().toString().replace("-", "");
		this.http.post()
			.uri("/api/v1/auth/refresh")
			.headers(headers -> headers.setBearerAuth(expired))
			.header("X-API-Key", unknownKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"refresh_token\":\"r\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers.authorization")
			.doesNotExist()
			.jsonPath("$.headers['x-api-key']")
			.doesNotExist();
		assertThat(authService.exchangesOf(unknownKey)).isZero();
	}

	@Test
	void refusesAServiceTokenOnPublicRoutesThatNeedReadOrWrite() {
		// Service tokens carry only the internal scope, which opens nothing the gateway routes.
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(tokens.service("print-service")))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private static com.nimbusds.jwt.JWTClaimsSet.Builder userClaims(com.nimbusds.jwt.JWTClaimsSet.Builder claims) {
		return claims.subject(UUID.randomUUID().toString())
			.claim("ptype", "user")
			.claim("org", UUID.randomUUID().toString())
			.claim("role", "member")
			.claim("scope", "read write");
	}

	private static void expectUnauthorized(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.title")
			.isEqualTo("Unauthorized");
	}

}

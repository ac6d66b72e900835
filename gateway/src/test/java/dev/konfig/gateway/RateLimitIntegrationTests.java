package dev.konfig.gateway;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volume limits against the machine's Redis: three requests per budget at once, then one every
 * ten seconds, so the fourth request in a row is always refused.
 */
@TestPropertySource(properties = { "KONFIG_RATE_LIMIT_API_KEY_RATE=1", "KONFIG_RATE_LIMIT_API_KEY_BURST=30",
		"KONFIG_RATE_LIMIT_API_KEY_COST=10", "KONFIG_RATE_LIMIT_USER_RATE=1", "KONFIG_RATE_LIMIT_USER_BURST=30",
		"KONFIG_RATE_LIMIT_USER_COST=10", "KONFIG_RATE_LIMIT_ADDRESS_RATE=1", "KONFIG_RATE_LIMIT_ADDRESS_BURST=30",
		"KONFIG_RATE_LIMIT_ADDRESS_COST=10" })
class RateLimitIntegrationTests extends GatewayIntegrationTest {

	private static final int BUDGET = 3;

	@Test
	void refusesAnApiKeyBeyondItsBudgetAndKeepsOtherKeysApart() {
		String apiKey = apiKey("read");
		for (int i = 0; i < BUDGET; i++) {
			get("/api/v1/namespaces", apiKey, null).expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("RateLimit-Limit", "3")
				.expectHeader()
				.valueEquals("RateLimit-Remaining", Integer.toString(BUDGET - 1 - i))
				.expectHeader()
				.valueEquals("RateLimit-Policy", "3;w=30");
		}
		assertRefused(get("/api/v1/namespaces", apiKey, null));
		// Every service spends the same budget.
		assertRefused(get("/api/v1/organizations", apiKey, null));
		get("/api/v1/namespaces", apiKey("read"), null).expectStatus().isOk();
	}

	@Test
	void refusesAUserBeyondTheBudgetOfTheUserInTheOrganization() {
		UUID user = UUID.randomUUID();
		UUID organization = UUID.randomUUID();
		UUID otherOrganization = UUID.randomUUID();
		// The user belongs to two organizations (the gateway checks memberships at auth-service).
		authService.setMemberships(user, Map.of(organization, "member", otherOrganization, "member"));
		String token = tokens.user(user, organization, Role.MEMBER);
		for (int i = 0; i < BUDGET; i++) {
			get("/api/v1/organizations", null, token).expectStatus().isOk();
		}
		assertRefused(get("/api/v1/organizations", null, tokens.user(user, organization, Role.MEMBER)));
		get("/api/v1/organizations", null, tokens.user(UUID.randomUUID(), organization, Role.MEMBER)).expectStatus()
			.isOk();
		get("/api/v1/organizations", null, tokens.user(user, otherOrganization, Role.MEMBER)).expectStatus().isOk();
	}

	@Test
	void refusesLoginsFromOneAddressBeyondItsBudgetWhateverTheAccount() {
		for (int i = 0; i < BUDGET; i++) {
			login("/api/v1/auth/login", "user" + i + "@example.com").expectStatus().isOk();
		}
		assertRefused(login("/api/v1/auth/login", "another@example.com"));
		// The old API's alias and the other anonymous endpoints share the address's budget.
		assertRefused(login("/api/auth/login", "another@example.com"));
		assertRefused(login("/api/v1/auth/register", "new@example.com"));
		assertRefused(login("/api/v1/invitations/accept", "new@example.com"));
		assertRefused(login("/api/invitations/accept", "new@example.com"));
		// Anonymous requests outside those endpoints have no budget here.
		this.http.get().uri("/.well-known/jwks.json").exchange().expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec get(String path, String apiKey, String token) {
		return this.http.get().uri(path).headers(headers -> {
			if (apiKey != null) {
				headers.set("X-API-Key", apiKey);
			}
			if (token != null) {
				headers.setBearerAuth(token);
			}
		}).exchange();
	}

	private WebTestClient.ResponseSpec login(String path, String email) {
		return this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\":\"" + email + "\",\"password\":\"wrong\"}")
			.exchange();
	}

	private static void assertRefused(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After", seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10))
			.expectHeader()
			.valueEquals("RateLimit-Limit", "3")
			.expectHeader()
			.valueEquals("RateLimit-Remaining", "0")
			.expectHeader()
			.value("RateLimit-Reset", seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10))
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(429)
			.jsonPath("$.detail")
			.isNotEmpty();
	}

}

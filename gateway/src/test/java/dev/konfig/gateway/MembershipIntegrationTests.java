package dev.konfig.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's access token passes the gateway only while auth-service still confirms its
 * organization and role; the answer is reused per user for at most the membership cache TTL
 * (5 s here, the default), so a removal, deactivation or demotion counts within it.
 */
class MembershipIntegrationTests extends GatewayIntegrationTest {

	/** The default TTL plus what a loaded machine adds. */
	private static final Duration BOUND = Duration.ofSeconds(5).plusSeconds(2);

	@Test
	void refusesADemotedAdminsTokenWithinTheTtlForReadsAndWrites() {
		UUID user = UUID.randomUUID();
		UUID organization = UUID.randomUUID();
		String token = tokens.user(user, organization, Role.ADMIN);
		authService.setMemberships(user, Map.of(organization, "admin"));
		call(token, HttpMethod.POST, "/api/v1/namespaces").expectStatus().isOk();

		authService.setMemberships(user, Map.of(organization, "member"));
		Duration took = untilRefused(token, HttpMethod.POST, "/api/v1/namespaces");

		assertThat(took).isLessThan(BOUND);
		call(token, HttpMethod.GET, "/api/v1/namespaces").expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType("application/problem+json")
			.expectHeader()
			.valueMatches("WWW-Authenticate", "Bearer error=\"invalid_token\".*")
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The token no longer reflects your membership; sign in or refresh");
		// A token with the current role (what a refresh gives) passes.
		call(tokens.user(user, organization, Role.MEMBER), HttpMethod.GET, "/api/v1/namespaces").expectStatus().isOk();
	}

	@Test
	void refusesARemovedUsersTokenWithinTheTtl() {
		UUID user = UUID.randomUUID();
		UUID organization = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		String token = tokens.user(user, organization, Role.MEMBER);
		call(token, HttpMethod.GET, "/api/v1/organizations").expectStatus().isOk();

		// Still a member elsewhere: that does not keep this organization's token alive.
		authService.setMemberships(user, Map.of(other, "member"));
		assertThat(untilRefused(token, HttpMethod.GET, "/api/v1/organizations")).isLessThan(BOUND);
		call(token, HttpMethod.DELETE, "/api/v1/namespaces/payments").expectStatus().isUnauthorized();
	}

	@Test
	void passesATokenForAMembershipGainedSinceTheLastLookupAtOnce() {
		UUID user = UUID.randomUUID();
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		authService.setMemberships(user, Map.of(first, "member"));
		call(tokens.user(user, first, Role.MEMBER), HttpMethod.GET, "/api/v1/namespaces").expectStatus().isOk();

		// An accepted invitation, then switch-organization: the new token must not wait for the TTL.
		authService.setMemberships(user, Map.of(first, "member", second, "admin"));
		call(tokens.user(user, second, Role.ADMIN), HttpMethod.GET, "/api/v1/namespaces").expectStatus().isOk();
		call(tokens.user(user, first, Role.ADMIN), HttpMethod.GET, "/api/v1/namespaces").expectStatus()
			.isUnauthorized();
	}

	@Test
	void asksAuthServiceOncePerUserAndTtlEvenForConcurrentRequests() {
		UUID user = UUID.randomUUID();
		String token = tokens.user(user, UUID.randomUUID(), Role.MEMBER);
		List<CompletableFuture<Void>> requests = IntStream.range(0, 8)
			.mapToObj(i -> CompletableFuture.runAsync(
					() -> call(token, HttpMethod.GET, "/api/v1/namespaces").expectStatus().isOk()))
			.toList();
		CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
		call(token, HttpMethod.POST, "/api/v1/namespaces").expectStatus().isOk();
		call(token, HttpMethod.GET, "/api/v1/events").expectStatus().isOk();

		assertThat(authService.membershipLookupsOf(user)).isEqualTo(1);
	}

	@Test
	void failsClosedWith503WhenMembershipsCannotBeChecked() {
		UUID user = UUID.randomUUID();
		String token = tokens.user(user, UUID.randomUUID(), Role.OWNER);
		authService.failMemberships(true);
		try {
			call(token, HttpMethod.GET, "/api/v1/namespaces").expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentType("application/problem+json");
		}
		finally {
			authService.failMemberships(false);
		}
		// The failure was not cached: the next request asks again and passes.
		call(token, HttpMethod.GET, "/api/v1/namespaces").expectStatus().isOk();
	}

	@Test
	void leavesApiKeysToTheirExchange() {
		// The stub would answer a key's token with no membership: it passes because it is not asked.
		String apiKey = apiKey("read");
		this.http.get().uri("/api/v1/namespaces").header("X-API-Key", apiKey).exchange().expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec call(String token, HttpMethod method, String path) {
		return this.http.method(method).uri(path).headers(headers -> headers.setBearerAuth(token)).exchange();
	}

	/** Repeats the request until the gateway refuses it with 401; answers how long that took. */
	private Duration untilRefused(String token, HttpMethod method, String path) {
		long start = System.nanoTime();
		while (true) {
			int status = call(token, method, path).returnResult(String.class).getStatus().value();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			if (status == 401) {
				return took;
			}
			assertThat(status).as("status before the refusal").isEqualTo(200);
			assertThat(took).as("still accepted after").isLessThan(BOUND.plusSeconds(5));
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}

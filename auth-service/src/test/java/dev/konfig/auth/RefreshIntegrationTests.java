package dev.konfig.auth;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshIntegrationTests extends AuthIntegrationTest {

	@Value("${local.server.port}")
	int port;

	@Test
	void rotatesTheRefreshToken() {
		Map<String, Object> registered = registerOwner();
		String first = (String) registered.get("refresh_token");

		Map<String, Object> refreshed = refresh(first).expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();

		String second = (String) refreshed.get("refresh_token");
		assertThat(second).isNotEqualTo(first);
		assertThat(refreshed.get("tenant_id")).isEqualTo(registered.get("tenant_id"));
		assertThat(refreshed.get("tenant_name")).isEqualTo(registered.get("tenant_name"));
		assertThat(user(refreshed).get("role")).isEqualTo("owner");
		refresh(second).expectStatus().isOk();
	}

	@Test
	void reusingARotatedTokenRevokesTheFamily() {
		String first = (String) registerOwner().get("refresh_token");
		String second = (String) refresh(first).expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("refresh_token");

		refresh(first).expectStatus().isUnauthorized().expectHeader().contentType("application/problem+json");

		refresh(second).expectStatus().isUnauthorized();
	}

	@Test
	void exactlyOneOfTwoConcurrentRefreshesSucceeds() {
		String token = (String) registerOwner().get("refresh_token");
		WebClient client = WebClient.create("http://127.0.0.1:" + this.port);

		List<Integer> statuses = Flux.range(0, 2)
			.flatMap(attempt -> client.post()
				.uri("/api/v1/auth/refresh")
				.bodyValue(Map.of("refresh_token", token))
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())))
			.collectList()
			.block(java.time.Duration.ofSeconds(30));

		assertThat(statuses).containsExactlyInAnyOrder(200, 401);
	}

	@Test
	void logoutRevokesTheFamily() {
		String first = (String) registerOwner().get("refresh_token");
		String second = (String) refresh(first).expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("refresh_token");

		this.http.post()
			.uri("/api/v1/auth/logout")
			.bodyValue(Map.of("refresh_token", first))
			.exchange()
			.expectStatus()
			.isNoContent();

		refresh(second).expectStatus().isUnauthorized();
	}

	@Test
	void refusesUnknownToken() {
		refresh("not-a-token-anyone-issued").expectStatus().isUnauthorized();
	}

	@Test
	void switchesToAnotherMembershipOnly() {
		Map<String, Object> home = registerOwner();
		Map<String, Object> other = registerOwner();
		String email = uniqueEmail();
		Map<String, Object> member = createUser((String) home.get("access_token"), email, "member");
		addMembership(member.get("id"), other.get("tenant_id"), "admin");
		String token = accessTokenOf(email);

		this.http.post()
			.uri("/api/v1/auth/switch-organization")
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(Map.of("organization_id", other.get("tenant_id")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant_id").isEqualTo(other.get("tenant_id"))
			.jsonPath("$.user.role").isEqualTo("admin");
		this.http.get()
			.uri("/api/v1/auth/memberships")
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2);
		this.http.post()
			.uri("/api/v1/auth/switch-organization")
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(Map.of("organization_id", registerOwner().get("tenant_id")))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void aRefreshThatFailsAfterTheRotationLeavesTheTokenUsable() throws Exception {
		Map<String, Object> registered = registerOwner();
		String first = (String) registered.get("refresh_token");
		Object userId = user(registered).get("id");
		String trigger = "fail_refresh_" + UUID.randomUUID().toString().replace("-", "");
		// The database fails the step after the check-and-rotate: storing the new token.
		try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
			statement.execute("create or replace function auth.fail_refresh_for_test() returns trigger "
					+ "language plpgsql as $$ begin raise exception 'injected failure'; end $$");
			statement.execute("create trigger " + trigger + " before insert on auth.refresh_tokens for each row when "
					+ "(new.user_id = '" + userId + "'::uuid) execute function auth.fail_refresh_for_test()");
		}
		try {
			refresh(first).expectStatus().is5xxServerError();
		}
		finally {
			try (Connection connection = TestDatabase.get().connect();
					Statement statement = connection.createStatement()) {
				statement.execute("drop trigger " + trigger + " on auth.refresh_tokens");
			}
		}

		String second = (String) refresh(first).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("refresh_token");
		// Once truly rotated, a reuse still revokes the family.
		refresh(first).expectStatus().isUnauthorized();
		refresh(second).expectStatus().isUnauthorized();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec refresh(String token) {
		return this.http.post().uri("/api/v1/auth/refresh").bodyValue(Map.of("refresh_token", token)).exchange();
	}

}

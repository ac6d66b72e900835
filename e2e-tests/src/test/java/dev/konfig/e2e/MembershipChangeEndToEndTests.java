package dev.konfig.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.Session;
import dev.konfig.e2e.Accounts.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A removal or demotion counts through the whole suite, not when the old access token expires:
 * at auth-service at once, and at every other service within the gateway's membership cache TTL
 * (5 s by default, which the suite runs with).
 */
class MembershipChangeEndToEndTests {

	/** The 5 s TTL plus one request's latency on a loaded machine. */
	private static final Duration BOUND = Duration.ofMillis(6500);

	@Test
	void aDemotedAdminsOldTokenIsRefusedForKeysAtOnceAndEverywhereWithinFiveSeconds() {
		Session owner = Accounts.registerOrganization();
		String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
		Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/namespaces", Map.of("name", namespace)).expectStatus()
			.isCreated();
		Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/namespaces/" + namespace + "/configs",
				Map.of("key", "timeout", "value", "1", "value_type", "string"))
			.expectStatus()
			.isCreated();
		Member admin = addMember(owner, "admin");
		String configPath = "/api/v1/namespaces/" + namespace + "/configs/timeout";
		Accounts.call(admin.tokens().accessToken(), HttpMethod.PATCH, configPath, Map.of("value", "2")).expectStatus().isOk();

		Accounts.call(owner.accessToken(), HttpMethod.PATCH, "/api/v1/users/" + admin.id(), Map.of("role", "member"))
			.expectStatus()
			.isOk();
		long demoted = System.nanoTime();

		// At once: the gateway may still let the token through, auth-service refuses it.
		int keyStatus = Accounts.call(admin.tokens().accessToken(), HttpMethod.POST, "/api/v1/api-keys",
				Map.of("name", "kept", "scopes", "read,write,secrets:read,audit:read"))
			.returnResult(String.class)
			.getStatus()
			.value();
		assertThat(keyStatus).isIn(401, 403);

		untilRefused(admin.tokens().accessToken(), HttpMethod.PATCH, configPath, Map.of("value", "3"), demoted);
		untilRefused(admin.tokens().accessToken(), HttpMethod.GET, "/api/v1/namespaces/" + namespace, null, demoted);
		Accounts.call(admin.tokens().accessToken(), HttpMethod.GET, "/api/v1/users", null).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		// Refreshing gives a token with the current role, which works.
		Tokens refreshed = Accounts.gateway()
			.post()
			.uri("/api/v1/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh_token", admin.tokens().refreshToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Tokens.class)
			.returnResult()
			.getResponseBody();
		assertThat(refreshed.user()).containsEntry("role", "member");
		Accounts.call(refreshed.accessToken(), HttpMethod.GET, "/api/v1/namespaces/" + namespace, null).expectStatus().isOk();
		Accounts.call(refreshed.accessToken(), HttpMethod.POST, "/api/v1/api-keys", Map.of("name", "k", "scopes", "read"))
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aRemovedMembersOldTokenIsRefusedWithinFiveSeconds() {
		Session owner = Accounts.registerOrganization();
		Member member = addMember(owner, "member");
		Accounts.call(member.tokens().accessToken(), HttpMethod.GET, "/api/v1/namespaces", null).expectStatus().isOk();

		Accounts.call(owner.accessToken(), HttpMethod.DELETE, "/api/v1/users/" + member.id(), null).expectStatus()
			.isNoContent();
		long removed = System.nanoTime();

		untilRefused(member.tokens().accessToken(), HttpMethod.GET, "/api/v1/namespaces", null, removed);
		untilRefused(member.tokens().accessToken(), HttpMethod.POST, "/api/v1/namespaces",
				Map.of("name", "ns-" + UUID.randomUUID().toString().substring(0, 8)), removed);
	}

	private record Member(String id, Tokens tokens) {
	}

	private static Member addMember(Session owner, String role) {
		String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		Map<?, ?> user = Accounts.call(owner.accessToken(), HttpMethod.POST, "/api/v1/users",
				Map.of("email", email, "password", Accounts.PASSWORD, "full_name", "Some One", "role", role))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return new Member(String.valueOf(user.get("id")), Accounts.login(email, Accounts.PASSWORD));
	}

	/** Repeats the request until the gateway answers 401; fails if that takes longer than the bound. */
	private static void untilRefused(String token, HttpMethod method, String path, Object body, long changedAt) {
		Function<Void, Integer> status = ignored -> Accounts.call(token, method, path, body).returnResult(String.class)
			.getStatus()
			.value();
		while (true) {
			int answer = status.apply(null);
			Duration since = Duration.ofNanos(System.nanoTime() - changedAt);
			if (answer == 401) {
				assertThat(since).as(method + " " + path + " refused after").isLessThan(BOUND);
				return;
			}
			assertThat(since).as(method + " " + path + " still answered " + answer + " after").isLessThan(BOUND);
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}

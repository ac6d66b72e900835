package dev.konfig.auth;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginIntegrationTests extends AuthIntegrationTest {

	@Test
	void logsInWithTheRightPassword() {
		String email = uniqueEmail();
		Map<String, Object> registered = register(email, uniqueName("Login"));

		login(email.toUpperCase(), PASSWORD).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.token_type").isEqualTo("bearer")
			.jsonPath("$.tenant_id").isEqualTo(registered.get("tenant_id"))
			.jsonPath("$.tenant_name").isEqualTo(registered.get("tenant_name"))
			.jsonPath("$.user.role").isEqualTo("owner");
	}

	@Test
	void answersWrongPasswordAndUnknownEmailAlike() {
		String email = uniqueEmail();
		register(email, uniqueName("Same"));

		byte[] wrongPassword = login(email, "wrong password!").expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.returnResult()
			.getResponseBodyContent();
		byte[] unknownEmail = login(uniqueEmail(), "wrong password!").expectStatus()
			.isUnauthorized()
			.expectBody()
			.returnResult()
			.getResponseBodyContent();

		assertThat(new String(unknownEmail).replace("\"instance\":\"/api/v1/auth/login\"", ""))
			.isEqualTo(new String(wrongPassword).replace("\"instance\":\"/api/v1/auth/login\"", ""));
	}

	@Test
	void refusesDeactivatedMember() {
		Map<String, Object> owner = registerOwner();
		String ownerToken = (String) owner.get("access_token");
		String email = uniqueEmail();
		Map<String, Object> member = createUser(ownerToken, email, "member");

		this.http.patch()
			.uri("/api/v1/users/{id}", member.get("id"))
			.headers(headers -> headers.setBearerAuth(ownerToken))
			.bodyValue(Map.of("is_active", false))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.is_active").isEqualTo(false);

		login(email, PASSWORD).expectStatus().isForbidden();
	}

	@Test
	void refusesDeactivatedOrganization() {
		String email = uniqueEmail();
		Map<String, Object> registered = register(email, uniqueName("Closed"));
		apply(OrganizationEvents.deactivated(UUID.fromString((String) registered.get("tenant_id")), 2));

		login(email, PASSWORD).expectStatus().isForbidden();
	}

	@Test
	void throttlesRepeatedFailuresOfAnAccountFromOneAddress() {
		String email = uniqueEmail();
		register(email, uniqueName("Throttled"));
		String address = randomAddress();
		for (int attempt = 0; attempt < 5; attempt++) {
			loginFrom(address, email, "wrong password!").expectStatus().isUnauthorized();
		}

		// Even the right password: a guesser cannot tell it succeeded.
		loginFrom(address, email, PASSWORD).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 900L));
		// The owner, elsewhere, is not locked out; and their success does not forgive the guesser.
		loginFrom(randomAddress(), email, PASSWORD).expectStatus().isOk();
		loginFrom(address, email, PASSWORD).expectStatus().isEqualTo(429);
	}

	@Test
	void strangersFailingFromFiveAddressesCannotLockTheOwnerOut() {
		String email = uniqueEmail();
		register(email, uniqueName("Targeted"));
		for (int attempt = 0; attempt < 5; attempt++) {
			loginFrom(randomAddress(), email, "wrong password!").expectStatus().isUnauthorized();
		}

		long started = System.nanoTime();
		loginFrom(randomAddress(), email, PASSWORD).expectStatus().isOk();
		// Five failures across addresses only slow the account down: its answer waits a second.
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
			.isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(1));
	}

	@Test
	void throttlesRepeatedFailuresPerAddress() {
		String address = randomAddress();
		for (int attempt = 0; attempt < 20; attempt++) {
			loginFrom(address, uniqueEmail()).expectStatus().isUnauthorized();
		}

		loginFrom(address, uniqueEmail()).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
		loginFrom(randomAddress(), uniqueEmail()).expectStatus().isUnauthorized();
	}

	@Test
	void logsIntoTheOldestMembership() {
		Map<String, Object> first = registerOwner();
		Map<String, Object> second = registerOwner();
		String email = uniqueEmail();
		Map<String, Object> member = createUser((String) second.get("access_token"), email, "member");
		addMembership(member.get("id"), first.get("tenant_id"), "admin");

		login(email, PASSWORD).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant_id").isEqualTo(second.get("tenant_id"))
			.jsonPath("$.user.role").isEqualTo("member");
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec loginFrom(String address,
			String email) {
		return loginFrom(address, email, "wrong password!");
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec loginFrom(String address,
			String email, String password) {
		return this.http.post()
			.uri("/api/v1/auth/login")
			.header("X-Forwarded-For", address + ", 192.0.2.1")
			.bodyValue(Map.of("email", email, "password", password))
			.exchange();
	}

}

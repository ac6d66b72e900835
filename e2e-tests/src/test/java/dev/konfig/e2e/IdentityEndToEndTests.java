package dev.konfig.e2e;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.Session;
import dev.konfig.e2e.Accounts.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/** Registration, login and the refresh-token family, through the gateway only. */
class IdentityEndToEndTests {

	@Test
	void registersTwoOrganizationsAndLogsIn() {
		Session first = Accounts.registerOrganization();
		Session second = Accounts.registerOrganization();
		assertThat(first.organizationId()).isNotEqualTo(second.organizationId());
		assertThat(first.tokens().tokenType()).isEqualTo("bearer");
		assertThat(first.tokens().expiresIn()).isPositive();

		Tokens login = Accounts.login(first.email(), Accounts.PASSWORD);
		assertThat(login.tenantId()).isEqualTo(first.organizationId());
		assertThat(login.user()).containsEntry("email", first.email()).containsEntry("role", "owner");

		Accounts.gateway()
			.get()
			.uri("/api/v1/auth/me")
			.headers(headers -> headers.setBearerAuth(login.accessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.email")
			.isEqualTo(first.email());
	}

	@Test
	void wrongPasswordAndUnknownEmailAnswerTheSame() {
		Session owner = Accounts.registerOrganization();
		byte[] wrongPassword = loginBody(owner.email(), "not the password at all");
		byte[] unknownEmail = loginBody("nobody-" + owner.email(), "not the password at all");
		assertThat(new String(wrongPassword)).isEqualTo(new String(unknownEmail));
	}

	@Test
	void replayingARotatedRefreshTokenRevokesTheWholeFamily() {
		Session owner = Accounts.registerOrganization();
		String original = owner.tokens().refreshToken();

		Tokens rotated = refresh(original).expectStatus()
			.isOk()
			.expectBody(Tokens.class)
			.returnResult()
			.getResponseBody();
		assertThat(rotated.refreshToken()).isNotEqualTo(original);

		refresh(original).expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		// The reuse revoked the family: the token the legitimate client holds is dead too.
		refresh(rotated.refreshToken()).expectStatus().isUnauthorized();
	}

	@Test
	void logoutEndsTheFamily() {
		Session owner = Accounts.registerOrganization();
		Accounts.gateway()
			.post()
			.uri("/api/v1/auth/logout")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh_token", owner.tokens().refreshToken()))
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		refresh(owner.tokens().refreshToken()).expectStatus().isUnauthorized();
	}

	@Test
	void duplicateEmailOrOrganizationNameIsAConflict() {
		Session owner = Accounts.registerOrganization();
		Accounts.gateway()
			.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tenant_name", "Another " + owner.email(), "email", owner.email(), "password",
					Accounts.PASSWORD, "full_name", "Copy"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		Accounts.gateway()
			.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tenant_name", owner.tokens().tenantName(), "email", "other-" + owner.email(),
					"password", Accounts.PASSWORD, "full_name", "Copy"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT);
		// Neither attempt left a user behind: the second email cannot log in.
		Accounts.gateway()
			.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", "other-" + owner.email(), "password", Accounts.PASSWORD))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void invalidRegistrationIsAProblemWithFieldErrors() {
		Accounts.gateway()
			.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tenant_name", "", "email", "not-an-email", "password", "x", "full_name", "X"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[?(@.field == 'email')]")
			.exists();
	}

	private static byte[] loginBody(String email, String password) {
		return Accounts.gateway()
			.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", password))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.instance")
			.isEqualTo("/api/v1/auth/login")
			.returnResult()
			.getResponseBody();
	}

	private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec refresh(String token) {
		return Accounts.gateway()
			.post()
			.uri("/api/v1/auth/refresh")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("refresh_token", token))
			.exchange();
	}

}

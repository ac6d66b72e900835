package dev.konfig.e2e;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registration spans two services. With tenant-service down it fails cleanly and leaves
 * nothing behind: once tenant-service is back, the same email and name register normally.
 */
class RegistrationSagaEndToEndTests {

	@Test
	void registrationWithTenantServiceDownLeavesNothingHalfMade() throws Exception {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		Map<String, String> body = Map.of("tenant_name", "Saga " + suffix, "email", "saga-" + suffix + "@example.com",
				"password", Accounts.PASSWORD, "full_name", "Saga " + suffix);

		Suite.get().service("tenant-service").stop();
		try {
			int status = Accounts.gateway()
				.post()
				.uri("/api/v1/auth/register")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.returnResult(String.class)
				.getStatus()
				.value();
			assertThat(status).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
			try (var connection = Suite.get().database().connect();
					var statement = connection
						.prepareStatement("SELECT count(*) FROM auth.users WHERE lower(email) = lower(?)")) {
				statement.setString(1, body.get("email"));
				try (var rows = statement.executeQuery()) {
					rows.next();
					assertThat(rows.getInt(1)).as("no user without an organization").isZero();
				}
			}
		}
		finally {
			Suite.get().restart("tenant-service");
		}

		Accounts.gateway()
			.post()
			.uri("/api/v1/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated();
	}

}

package dev.konfig.auth;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/** Its own context: tenant-service's URL points at a closed port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class TenantDownIntegrationTests {

	@Autowired
	WebTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws java.io.IOException {
		TestDatabase.register(registry, "auth");
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("konfig.http.clients.tenant-service.base-url", () -> "http://127.0.0.1:" + closedPort);
		registry.add("konfig.auth.argon2.memory-kib", () -> "4096");
		AuthIntegrationTest.relayPointedNowhere(registry);
	}

	@Test
	void answers503AndCreatesNothingWhenTenantServiceIsDown() throws SQLException {
		String email = AuthIntegrationTest.uniqueEmail();

		this.http.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.post()
			.uri("/api/v1/auth/register")
			.bodyValue(Map.of("tenant_name", AuthIntegrationTest.uniqueName("Down"), "email", email, "password",
					AuthIntegrationTest.PASSWORD, "full_name", "Nobody"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType("application/problem+json");

		assertThat(RegistrationIntegrationTests.usersWithEmail(email)).isZero();
	}

}

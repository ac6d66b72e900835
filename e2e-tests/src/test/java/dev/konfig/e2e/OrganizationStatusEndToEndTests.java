package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.ApiKey;
import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An organization switched off in tenant-service stops its users' logins and its API keys through
 * the event backbone (tenant-service's outbox → auth-service's projection), with no call from
 * auth-service to tenant-service; switched on again, both work again. Other organizations are
 * untouched throughout.
 */
class OrganizationStatusEndToEndTests {

	/** Event delivery is immediate (NOTIFY); the bound leaves room for a busy machine. */
	private static final Duration DELIVERY = Duration.ofSeconds(10);

	@Test
	void deactivatingAnOrganizationRefusesItsLoginsAndKeysAndReactivatingRestoresThem() throws Exception {
		Session owner = Accounts.registerOrganization();
		Session bystander = Accounts.registerOrganization();
		ApiKey key = Accounts.createApiKey(owner, "read");
		assertThat(namespaces(key)).isEqualTo(HttpStatus.OK);

		setActive(owner, false);
		assertThat(eventually(() -> login(owner), HttpStatus.FORBIDDEN, DELIVERY))
			.as("login of a deactivated organization's owner").isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(eventually(() -> namespaces(key), HttpStatus.UNAUTHORIZED,
				DELIVERY.plus(Suite.API_KEY_CACHE_TTL)))
			.as("a deactivated organization's API key").isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(login(bystander)).as("another organization's login").isEqualTo(HttpStatus.OK);

		// The owner's access token still names the organization: with it the owner switches it on again.
		setActive(owner, true);
		assertThat(eventually(() -> login(owner), HttpStatus.OK, DELIVERY)).isEqualTo(HttpStatus.OK);
		assertThat(eventually(() -> namespaces(key), HttpStatus.OK, DELIVERY.plus(Duration.ofSeconds(5))))
			.as("the key works again once refusals are no longer cached").isEqualTo(HttpStatus.OK);
	}

	private static void setActive(Session owner, boolean active) {
		Accounts.gateway()
			.patch()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("settings", Map.of("is_active", active)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo(active ? "active" : "inactive");
	}

	private static HttpStatusCode login(Session session) {
		return Accounts.gateway()
			.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", session.email(), "password", Accounts.PASSWORD))
			.exchange()
			.returnResult(String.class)
			.getStatus();
	}

	private static HttpStatusCode namespaces(ApiKey key) {
		return Accounts.gateway()
			.get()
			.uri("/api/v1/namespaces")
			.header("X-API-Key", key.key())
			.exchange()
			.returnResult(String.class)
			.getStatus();
	}

	private static HttpStatusCode eventually(Supplier<HttpStatusCode> call, HttpStatus expected, Duration bound)
			throws InterruptedException {
		Instant deadline = Instant.now().plus(bound);
		HttpStatusCode status = call.get();
		while (!status.equals(expected) && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			status = call.get();
		}
		return status;
	}

}

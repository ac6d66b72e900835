package dev.konfig.e2e;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
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
		assertThat(Accounts.namespacesStatus(key)).isEqualTo(HttpStatus.OK);

		setActive(owner, false);
		assertThat(Accounts.eventually(() -> Accounts.loginStatus(owner.email()), HttpStatus.FORBIDDEN, DELIVERY))
			.as("login of a deactivated organization's owner").isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(Accounts.eventually(() -> Accounts.namespacesStatus(key), HttpStatus.UNAUTHORIZED,
				DELIVERY.plus(Suite.API_KEY_CACHE_TTL)))
			.as("a deactivated organization's API key").isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(Accounts.loginStatus(bystander.email())).as("another organization's login").isEqualTo(HttpStatus.OK);

		// The owner's access token still names the organization: with it the owner switches it on again.
		setActive(owner, true);
		assertThat(Accounts.eventually(() -> Accounts.loginStatus(owner.email()), HttpStatus.OK, DELIVERY))
			.isEqualTo(HttpStatus.OK);
		assertThat(Accounts.eventually(() -> Accounts.namespacesStatus(key), HttpStatus.OK,
				DELIVERY.plus(Duration.ofSeconds(5))))
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

}

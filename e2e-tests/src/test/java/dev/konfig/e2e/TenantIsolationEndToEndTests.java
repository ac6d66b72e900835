package dev.konfig.e2e;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.ApiKey;
import dev.konfig.e2e.Accounts.Session;

/** Organization A sees nothing of organization B: every such request answers 404. */
class TenantIsolationEndToEndTests {

	@Test
	void organizationAIsBlindToOrganizationB() {
		Session a = Accounts.registerOrganization();
		Session b = Accounts.registerOrganization();
		ApiKey aKey = Accounts.createApiKey(a, "read,write");
		ApiKey bKey = Accounts.createApiKey(b, "read");

		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", b.organizationId())
			.headers(headers -> headers.setBearerAuth(a.accessToken()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", b.organizationId())
			.header("X-API-Key", aKey.key())
			.exchange()
			.expectStatus()
			.isNotFound();
		Accounts.gateway()
			.patch()
			.uri("/api/v1/organizations/{id}", b.organizationId())
			.headers(headers -> headers.setBearerAuth(a.accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("description", "taken over"))
			.exchange()
			.expectStatus()
			.isNotFound();
		Accounts.gateway()
			.get()
			.uri("/api/v1/users/{id}", b.userId())
			.headers(headers -> headers.setBearerAuth(a.accessToken()))
			.exchange()
			.expectStatus()
			.isNotFound();
		Accounts.gateway()
			.delete()
			.uri("/api/v1/users/{id}", b.userId())
			.headers(headers -> headers.setBearerAuth(a.accessToken()))
			.exchange()
			.expectStatus()
			.isNotFound();
		Accounts.gateway()
			.get()
			.uri("/api/v1/api-keys/{id}", bKey.id())
			.headers(headers -> headers.setBearerAuth(a.accessToken()))
			.exchange()
			.expectStatus()
			.isNotFound();
		Accounts.gateway()
			.delete()
			.uri("/api/v1/api-keys/{id}", bKey.id())
			.headers(headers -> headers.setBearerAuth(a.accessToken()))
			.exchange()
			.expectStatus()
			.isNotFound();

		// Lists hold only the caller's own organization and users.
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(a.accessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist(HttpHeaders.LINK)
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].id")
			.isEqualTo(a.organizationId().toString());
		Accounts.gateway()
			.get()
			.uri("/api/v1/users")
			.headers(headers -> headers.setBearerAuth(a.accessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[?(@.email == '" + b.email() + "')]")
			.doesNotExist();

		// B's key still works after A's attempts: nothing of B changed.
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", b.organizationId())
			.header("X-API-Key", bKey.key())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.description")
			.value(description -> org.assertj.core.api.Assertions.assertThat(description).isNotEqualTo("taken over"));
	}

}

package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.ApiKey;
import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys as other programs use them: through the gateway with {@code X-API-Key}. */
class ApiKeyEndToEndTests {

	@Test
	void readWriteKeyReadsItsOrganization() {
		Session owner = Accounts.registerOrganization();
		ApiKey key = Accounts.createApiKey(owner, "read,write");

		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.header("X-API-Key", key.key())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(owner.organizationId().toString())
			.jsonPath("$.name")
			.isEqualTo(owner.tokens().tenantName());

		// The older print API's alias reaches the same resource.
		Accounts.gateway()
			.get()
			.uri("/api/organizations/{id}", owner.organizationId())
			.header("X-API-Key", key.key())
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void keyIsShownOnceAndListedWithoutItsSecret() {
		Session owner = Accounts.registerOrganization();
		ApiKey key = Accounts.createApiKey(owner, "read");
		String listed = new String(Accounts.gateway()
			.get()
			.uri("/api/v1/api-keys/{id}", key.id())
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		assertThat(listed).contains(key.id().toString()).doesNotContain(key.key());
	}

	@Test
	void readKeyCannotWrite() {
		Session owner = Accounts.registerOrganization();
		ApiKey key = Accounts.createApiKey(owner, "read");

		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.header("X-API-Key", key.key())
			.exchange()
			.expectStatus()
			.isOk();
		Accounts.gateway()
			.patch()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.header("X-API-Key", key.key())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("description", "changed by a read key"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		Accounts.gateway()
			.post()
			.uri("/api/v1/organizations")
			.header("X-API-Key", key.key())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "made by a read key " + key.id()))
			.exchange()
			.expectStatus()
			.isForbidden();
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.exchange()
			.expectBody()
			.jsonPath("$.description")
			.value(description -> assertThat(description).isNotEqualTo("changed by a read key"));
	}

	@Test
	void unknownKeyIsRefused() {
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations")
			.header("X-API-Key", "konfig_thisKeyWasNeverIssuedByAnyoneAtAll000000")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void revokedKeyStopsWorkingWithinTheCacheBound() throws InterruptedException {
		Session owner = Accounts.registerOrganization();
		ApiKey key = Accounts.createApiKey(owner, "read,write");
		Accounts.gateway()
			.get()
			.uri("/api/v1/organizations/{id}", owner.organizationId())
			.header("X-API-Key", key.key())
			.exchange()
			.expectStatus()
			.isOk();

		Accounts.gateway()
			.delete()
			.uri("/api/v1/api-keys/{id}", key.id())
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		Instant revoked = Instant.now();

		HttpStatus status = HttpStatus.OK;
		Duration bound = Suite.API_KEY_CACHE_TTL.plusSeconds(3);
		while (status != HttpStatus.UNAUTHORIZED && Duration.between(revoked, Instant.now()).compareTo(bound) < 0) {
			status = HttpStatus.valueOf(Accounts.gateway()
				.get()
				.uri("/api/v1/organizations/{id}", owner.organizationId())
				.header("X-API-Key", key.key())
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value());
			Thread.sleep(200);
		}
		assertThat(status).as("a revoked key is refused within %s", bound).isEqualTo(HttpStatus.UNAUTHORIZED);
	}

}

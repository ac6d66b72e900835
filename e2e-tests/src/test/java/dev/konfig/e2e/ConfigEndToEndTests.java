package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import dev.konfig.e2e.Accounts.ApiKey;
import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The konfig walkthrough through the gateway: an owner sets up a namespace with a bearer token,
 * a program with an API key adds to it and reads the values map, and a watcher sees a change
 * made by another request.
 */
class ConfigEndToEndTests {

	@Test
	void konfigWalkthrough() throws Exception {
		Session owner = Accounts.registerOrganization();
		ApiKey program = Accounts.createApiKey(owner, "read,write");
		ApiKey reader = Accounts.createApiKey(owner, "read");
		String namespace = "payments-" + UUID.randomUUID().toString().substring(0, 8);

		Accounts.gateway()
			.post()
			.uri("/api/v1/namespaces")
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", namespace, "description", "payment settings"))
			.exchange()
			.expectStatus()
			.isCreated();
		createConfig(headers -> headers.setBearerAuth(owner.accessToken()), namespace,
				Map.of("key", "timeout_ms", "value", 1500, "value_type", "number", "validation_schema",
						Map.of("min_value", 100, "max_value", 10000)));
		createConfig(headers -> headers.set("X-API-Key", program.key()), namespace,
				Map.of("key", "currency", "value", "EUR", "value_type", "select", "validation_schema",
						Map.of("options", java.util.List.of("EUR", "USD"))));
		createConfig(headers -> headers.set("X-API-Key", program.key()), namespace,
				Map.of("key", "psp_secret", "value", "s3cr3t-value", "value_type", "string", "is_secret", true));

		// A rule is enforced on writes through the gateway too, and changes nothing.
		Accounts.gateway()
			.put()
			.uri("/api/v1/namespaces/{ns}/configs/timeout_ms", namespace)
			.header("X-API-Key", program.key())
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("value", 5))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		EntityExchangeResult<byte[]> values = Accounts.gateway()
			.get()
			.uri("/api/v1/namespaces/{ns}/values", namespace)
			.header("X-API-Key", reader.key())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.timeout_ms")
			.isEqualTo(1500)
			.jsonPath("$.currency")
			.isEqualTo("EUR")
			.jsonPath("$.psp_secret")
			.isEqualTo("********")
			.returnResult();
		String etag = values.getResponseHeaders().getETag();
		assertThat(etag).isNotBlank();
		long revision = Long.parseLong(etag.replace("W/", "").replace("\"", ""));

		// Unchanged: the ETag answers 304. A read key cannot write.
		Accounts.gateway()
			.get()
			.uri("/api/v1/namespaces/{ns}/values", namespace)
			.header("X-API-Key", reader.key())
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isNotModified();
		createConfigStatus(headers -> headers.set("X-API-Key", reader.key()), namespace,
				Map.of("key", "refused", "value", "x", "value_type", "string"), HttpStatus.FORBIDDEN);

		// A watcher (long poll through the gateway) wakes when another request changes a value.
		CompletableFuture<EntityExchangeResult<byte[]>> watch = CompletableFuture.supplyAsync(() -> Accounts.gateway()
			.get()
			.uri("/api/v1/namespaces/{ns}/values?wait=30s&after_version={rev}", namespace, revision)
			.header("X-API-Key", reader.key())
			.exchange()
			.expectBody()
			.returnResult());
		Thread.sleep(1000);
		assertThat(watch).as("the long poll waits while nothing changes").isNotDone();
		Instant changed = Instant.now();
		Accounts.gateway()
			.put()
			.uri("/api/v1/namespaces/{ns}/configs/timeout_ms", namespace)
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("value", 2500))
			.exchange()
			.expectStatus()
			.isOk();
		EntityExchangeResult<byte[]> woken = watch.get(30, TimeUnit.SECONDS);
		assertThat(woken.getStatus()).isEqualTo(HttpStatus.OK);
		assertThat(new String(woken.getResponseBody())).contains("\"timeout_ms\":2500");
		assertThat(Duration.between(changed, Instant.now())).isLessThan(Duration.ofSeconds(10));

		// Another organization sees none of it, by name.
		Session stranger = Accounts.registerOrganization();
		Accounts.gateway()
			.get()
			.uri("/api/v1/namespaces/{ns}/values", namespace)
			.headers(headers -> headers.setBearerAuth(stranger.accessToken()))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private static void createConfig(java.util.function.Consumer<HttpHeaders> credentials, String namespace,
			Map<String, Object> body) {
		createConfigStatus(credentials, namespace, body, HttpStatus.CREATED);
	}

	private static void createConfigStatus(java.util.function.Consumer<HttpHeaders> credentials, String namespace,
			Map<String, Object> body, HttpStatus expected) {
		Accounts.gateway()
			.post()
			.uri("/api/v1/namespaces/{ns}/configs", namespace)
			.headers(credentials)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(expected);
	}

}

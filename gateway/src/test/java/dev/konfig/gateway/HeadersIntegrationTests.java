package dev.konfig.gateway;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** What the services receive besides the credential: no client claims, ids and traces kept. */
class HeadersIntegrationTests extends GatewayIntegrationTest {

	@Test
	void removesClientSentIdentityAndForwardingHeaders() {
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> {
				headers.setBearerAuth(userToken());
				headers.set("X-User-Id", "00000000-0000-0000-0000-000000000001");
				headers.set("X-Organization-Id", "00000000-0000-0000-0000-000000000002");
				headers.set("X-Org-Id", "00000000-0000-0000-0000-000000000003");
				headers.set("X-Role", "owner");
				headers.set("X-Scopes", "internal");
				headers.set("X-Konfig-Principal", "admin");
				headers.set("X-Forwarded-For", "203.0.113.9");
				headers.set("X-Forwarded-Host", "evil.example");
				headers.set("X-Forwarded-Proto", "https");
				headers.set("X-Forwarded-Prefix", "/evil");
				headers.set("Forwarded", "for=203.0.113.9;proto=https");
				headers.set("X-Real-IP", "203.0.113.9");
				headers.set("X-Custom", "kept");
			})
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers['x-user-id']")
			.doesNotExist()
			.jsonPath("$.headers['x-organization-id']")
			.doesNotExist()
			.jsonPath("$.headers['x-org-id']")
			.doesNotExist()
			.jsonPath("$.headers['x-role']")
			.doesNotExist()
			.jsonPath("$.headers['x-scopes']")
			.doesNotExist()
			.jsonPath("$.headers['x-konfig-principal']")
			.doesNotExist()
			.jsonPath("$.headers['x-forwarded-prefix']")
			.doesNotExist()
			.jsonPath("$.headers['forwarded']")
			.doesNotExist()
			.jsonPath("$.headers['x-real-ip']")
			.doesNotExist()
			.jsonPath("$.headers['x-forwarded-for'].length()")
			.isEqualTo(1)
			.jsonPath("$.headers['x-forwarded-for'][0]")
			.isEqualTo("127.0.0.1")
			.jsonPath("$.headers['x-forwarded-proto'][0]")
			.isEqualTo("http")
			.jsonPath("$.headers['x-forwarded-host'][0]")
			.value(String.class, host -> assertThat(host).startsWith("localhost:"))
			.jsonPath("$.headers['x-custom'][0]")
			.isEqualTo("kept");
	}

	@Test
	void forwardsTheClientsRequestIdAndEchoesIt() {
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.header("X-Request-Id", "client-request-7")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", "client-request-7")
			.expectBody()
			.jsonPath("$.headers['x-request-id'].length()")
			.isEqualTo(1)
			.jsonPath("$.headers['x-request-id'][0]")
			.isEqualTo("client-request-7");
	}

	@Test
	void answersWithTheRequestIdExactlyOnceWhenTheServiceEchoesIt() {
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.header("X-Request-Id", "client-request-9")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.values("X-Request-Id", ids -> assertThat(ids).containsExactly("client-request-9"));
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.values("X-Request-Id", ids -> assertThat(ids).hasSize(1)
				.allSatisfy(id -> assertThat(UUID.fromString(id)).isNotNull()));
	}

	@Test
	void generatesARequestIdWhenTheClientSentNone() {
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("X-Request-Id", id -> assertThat(UUID.fromString(id)).isNotNull())
			.expectBody()
			.jsonPath("$.headers['x-request-id'][0]")
			.value(String.class, id -> assertThat(UUID.fromString(id)).isNotNull());
	}

	@Test
	void putsTheRequestIdOnGatewayMadeErrors() {
		this.http.get()
			.uri("/api/v1/organizations")
			.header("X-Request-Id", "client-request-8")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("X-Request-Id", "client-request-8");
	}

	@Test
	void continuesTheClientsTraceUpstream() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		this.http.get()
			.uri("/api/v1/organizations")
			.headers(headers -> headers.setBearerAuth(userToken()))
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers.traceparent.length()")
			.isEqualTo(1)
			.jsonPath("$.headers.traceparent[0]")
			.value(String.class, traceparent -> assertThat(traceparent).startsWith("00-" + traceId + "-")
				.doesNotStartWith("00-" + traceId + "-00f067aa0ba902b7"));
	}

	@Test
	void startsATraceWhenTheClientSentNone() {
		this.http.post()
			.uri("/api/v1/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers.traceparent[0]")
			.value(String.class, traceparent -> assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
	}

}

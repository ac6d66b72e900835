package dev.konfig.platform.outbox;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestOriginWebFilterTests {

	@Test
	void takesTheFirstForwardedForEntrySetByTheGateway() {
		RequestOrigin origin = RequestOriginWebFilter.of(MockServerHttpRequest.get("/")
			.header("X-Forwarded-For", "203.0.113.7, 10.0.0.2")
			.header("User-Agent", "curl/8")
			.remoteAddress(new InetSocketAddress("10.0.0.2", 4000))
			.build());

		assertThat(origin.ipAddress()).isEqualTo("203.0.113.7");
		assertThat(origin.userAgent()).isEqualTo("curl/8");
	}

	@Test
	void fallsBackToThePeerAddressWithoutAGateway() {
		RequestOrigin origin = RequestOriginWebFilter
			.of(MockServerHttpRequest.get("/").remoteAddress(new InetSocketAddress("192.0.2.1", 4000)).build());

		assertThat(origin.ipAddress()).isEqualTo("192.0.2.1");
		assertThat(origin.userAgent()).isNull();
	}

	@Test
	void fillsOnlyWhatTheEventLeavesOpen() {
		AuditEvent event = AuditEvent.of(null, "auth.login_succeeded", "user", "u1", AuditEvent.SUCCESS, null)
			.withActor(new AuditEvent.Actor("u1", "user"));

		AuditEvent filled = event.withOrigin(new RequestOrigin("198.51.100.4", "ua", "req-1",
				new AuditEvent.Actor("someone-else", "api_key")));

		assertThat(filled.actor()).isEqualTo(new AuditEvent.Actor("u1", "user"));
		assertThat(filled.ipAddress()).isEqualTo("198.51.100.4");
		assertThat(filled.requestId()).isEqualTo("req-1");
		assertThat(Outbox.json(filled)).contains("\"event_type\":\"auth.login_succeeded\"", "\"ip_address\":\"198.51.100.4\"");
	}

}

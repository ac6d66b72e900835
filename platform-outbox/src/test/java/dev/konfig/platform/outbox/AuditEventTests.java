package dev.konfig.platform.outbox;

import org.junit.jupiter.api.Test;

import dev.konfig.platform.web.RequestOrigin;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventTests {

	@Test
	void fillsOnlyWhatTheEventLeavesOpen() {
		AuditEvent event = AuditEvent.of(null, "auth.login_succeeded", "user", "u1", AuditEvent.SUCCESS, null)
			.withActor(new AuditEvent.Actor("u1", "user"));

		AuditEvent filled = event.withOrigin(new RequestOrigin("198.51.100.4", "ua", "req-1",
				new RequestOrigin.Actor("someone-else", "api_key")));

		assertThat(filled.actor()).isEqualTo(new AuditEvent.Actor("u1", "user"));
		assertThat(filled.ipAddress()).isEqualTo("198.51.100.4");
		assertThat(filled.requestId()).isEqualTo("req-1");
		assertThat(Outbox.json(filled)).contains("\"event_type\":\"auth.login_succeeded\"", "\"ip_address\":\"198.51.100.4\"");
	}

	@Test
	void takesTheRequestsActorWhenItHasNone() {
		AuditEvent event = AuditEvent.of(null, "config.updated", "config", "c1", AuditEvent.SUCCESS, null);

		AuditEvent filled = event.withOrigin(new RequestOrigin(null, null, null, new RequestOrigin.Actor("k1", "api_key")));

		assertThat(filled.actor()).isEqualTo(new AuditEvent.Actor("k1", "api_key"));
	}

}

package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail, end to end: changes made through the gateway reach audit-service through
 * each service's outbox, exactly once, with the original client's request id, address and
 * user agent; and nothing is lost while audit-service is down.
 */
class AuditEndToEndTests {

	private static final Duration DELIVERY = Duration.ofSeconds(60);

	@Test
	void aChangeLeavesExactlyOneEventWithTheClientsOrigin() throws InterruptedException {
		Session owner = Accounts.registerOrganization();
		String namespace = "audited-" + UUID.randomUUID().toString().substring(0, 8);
		String requestId = "e2e-" + UUID.randomUUID();
		createNamespace(owner, namespace);
		Accounts.gateway()
			.post()
			.uri("/api/v1/namespaces/{ns}/configs", namespace)
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.header("X-Request-Id", requestId)
			.header(HttpHeaders.USER_AGENT, "konfig-e2e/1.0")
			// A client cannot choose the address the trail records.
			.header("X-Forwarded-For", "6.6.6.6")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("key", "db_password", "value", "hunter2-plain", "value_type", "string", "is_secret", true))
			.exchange()
			.expectStatus()
			.isCreated();

		List<Event> events = awaitEvents(owner, "config.", 1);
		Thread.sleep(1000);
		events = events(owner, "config.");
		assertThat(events).hasSize(1);
		Event created = events.get(0);
		assertThat(created.eventType()).isEqualTo("config.created");
		assertThat(created.organizationId()).isEqualTo(owner.organizationId());
		assertThat(created.actor()).containsEntry("id", owner.userId()).containsEntry("type", "user");
		assertThat(created.requestId()).isEqualTo(requestId);
		assertThat(created.userAgent()).isEqualTo("konfig-e2e/1.0");
		assertThat(created.ipAddress()).isNotEqualTo("6.6.6.6").isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
		assertThat(created.outcome()).isEqualTo("success");
		assertThat(String.valueOf(created.eventData())).doesNotContain("hunter2-plain");
	}

	@Test
	void changesMadeWhileAuditServiceIsDownArriveExactlyOnceLater() throws Exception {
		Session owner = Accounts.registerOrganization();
		String namespace = "outage-" + UUID.randomUUID().toString().substring(0, 8);
		createNamespace(owner, namespace);
		awaitEvents(owner, "namespace.", 1);

		int changes = 5;
		Suite.get().service("audit-service").stop();
		try {
			for (int i = 0; i < changes; i++) {
				Accounts.gateway()
					.post()
					.uri("/api/v1/namespaces/{ns}/configs", namespace)
					.headers(headers -> headers.setBearerAuth(owner.accessToken()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("key", "key_" + i, "value", i, "value_type", "number"))
					.exchange()
					.expectStatus()
					.isCreated();
			}
		}
		finally {
			Suite.get().restart("audit-service");
		}

		awaitEvents(owner, "config.", changes);
		// Redelivery after the outage must not duplicate anything.
		Thread.sleep(3000);
		assertThat(events(owner, "config.")).hasSize(changes)
			.extracting(Event::entityId)
			.doesNotHaveDuplicates();
	}

	private static void createNamespace(Session owner, String namespace) {
		Accounts.gateway()
			.post()
			.uri("/api/v1/namespaces")
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", namespace))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private static List<Event> awaitEvents(Session owner, String typePrefix, int count) throws InterruptedException {
		Instant deadline = Instant.now().plus(DELIVERY);
		List<Event> events = events(owner, typePrefix);
		while (events.size() < count && Instant.now().isBefore(deadline)) {
			Thread.sleep(250);
			events = events(owner, typePrefix);
		}
		assertThat(events).as("%s events of %s delivered within %s", count, typePrefix, DELIVERY)
			.hasSizeGreaterThanOrEqualTo(count);
		return events;
	}

	private static List<Event> events(Session owner, String typePrefix) {
		return Accounts.gateway()
			.get()
			.uri("/api/v1/events?event_type={prefix}&limit=200", typePrefix)
			.headers(headers -> headers.setBearerAuth(owner.accessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(Event.class)
			.returnResult()
			.getResponseBody();
	}

	record Event(UUID id, @JsonProperty("organization_id") UUID organizationId,
			@JsonProperty("event_type") String eventType, @JsonProperty("entity_id") String entityId,
			Map<String, String> actor, @JsonProperty("ip_address") String ipAddress,
			@JsonProperty("user_agent") String userAgent, @JsonProperty("request_id") String requestId, String outcome,
			@JsonProperty("event_data") Object eventData) {
	}

}

package dev.konfig.audit.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.TestTokens;

/**
 * The one context every integration test class shares: the real service on a random port,
 * the real PostgreSQL (schema {@code audit}) and real tokens. Every test works in
 * organizations of its own, so rows of earlier runs never matter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
abstract class AuditIntegrationTest {

	static final TestTokens tokens = TestTokens.get();

	@Autowired
	WebTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "audit");
		TestTokens.register(registry);
		registry.add("konfig.audit.fetch-size", () -> "100");
	}

	static String serviceToken() {
		return tokens.service("config-service");
	}

	static String admin(UUID organization) {
		return tokens.user(UUID.randomUUID(), organization, Role.ADMIN);
	}

	/** An event as a relay sends it, in the snake_case JSON of platform-outbox's AuditEvent. */
	static Map<String, Object> event(UUID organization, String type, String entityType, String entityId,
			String actorId, Instant occurredAt) {
		Map<String, Object> event = new HashMap<>();
		event.put("id", UUID.randomUUID().toString());
		event.put("organization_id", organization.toString());
		event.put("occurred_at", occurredAt.toString());
		event.put("event_type", type);
		event.put("entity_type", entityType);
		event.put("entity_id", entityId);
		event.put("actor", Map.of("id", actorId, "type", "user"));
		event.put("ip_address", "203.0.113.9");
		event.put("user_agent", "curl/8.5");
		event.put("request_id", "req-" + UUID.randomUUID());
		event.put("outcome", "success");
		event.put("event_data", Map.of("name", "timeout", "value", "***", "nested", Map.of("b", 2, "a", 1)));
		return event;
	}

	static Map<String, Object> event(UUID organization, String type) {
		return event(organization, type, "config", UUID.randomUUID().toString(), UUID.randomUUID().toString(),
				Instant.now().truncatedTo(ChronoUnit.MICROS));
	}

	WebTestClient.ResponseSpec ingest(List<Map<String, Object>> events) {
		return this.http.post()
			.uri("/internal/events")
			.headers(headers -> headers.setBearerAuth(serviceToken()))
			.bodyValue(Map.of("events", events))
			.exchange();
	}

}

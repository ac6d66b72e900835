package dev.konfig.audit.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.Links;
import dev.konfig.platform.web.Page;

import static org.assertj.core.api.Assertions.assertThat;

class EventQueryIntegrationTests extends AuditIntegrationTest {

	private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");

	@Test
	void filtersByTypePrefixEntityActorAndTime() {
		UUID organization = UUID.randomUUID();
		String actor = UUID.randomUUID().toString();
		String entity = UUID.randomUUID().toString();
		ingest(List.of(event(organization, "config.created", "config", entity, actor, BASE),
				event(organization, "config.updated", "config", entity, "someone-else", BASE.plusSeconds(60)),
				event(organization, "configuration_x.created", "config", "other", actor, BASE.plusSeconds(120)),
				event(organization, "user.created", "user", "u-1", actor, BASE.plusSeconds(180))))
			.expectStatus()
			.isOk();
		String token = admin(organization);

		assertThat(types(list(token, "/api/v1/events?event_type=config."))).containsExactly("config.updated",
				"config.created");
		assertThat(types(list(token, "/api/v1/events?entity_type=config&entity_id=" + entity)))
			.containsExactly("config.updated", "config.created");
		assertThat(types(list(token, "/api/v1/events/entities/config/" + entity))).containsExactly("config.updated",
				"config.created");
		assertThat(types(list(token, "/api/v1/events?actor_id=" + actor))).containsExactly("user.created",
				"configuration_x.created", "config.created");
		assertThat(types(list(token, "/api/v1/events/actors/" + actor))).hasSize(3);
		assertThat(types(list(token, "/api/v1/events?from=" + BASE.plusSeconds(60) + "&to=" + BASE.plusSeconds(180))))
			.containsExactly("configuration_x.created", "config.updated");
	}

	@Test
	void pagesNewestFirstWithCursors() {
		UUID organization = UUID.randomUUID();
		List<Map<String, Object>> batch = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			batch.add(event(organization, "config.updated", "config", "c" + i, "a", BASE.plusSeconds(i)));
		}
		ingest(batch).expectStatus().isOk();
		String token = admin(organization);

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Page<EventResponse> page = list(token, "/api/v1/events?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
			page.items().forEach(item -> seen.add(item.entityId()));
			cursor = page.nextCursor();
			pages++;
		}
		while (cursor != null);

		assertThat(seen).containsExactly("c4", "c3", "c2", "c1", "c0");
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void answersNotFoundForAnotherOrganizationsEvent() {
		UUID mine = UUID.randomUUID();
		UUID theirs = UUID.randomUUID();
		Map<String, Object> event = event(theirs, "config.deleted");
		ingest(List.of(event)).expectStatus().isOk();

		this.http.get()
			.uri("/api/v1/events/{id}", event.get("id"))
			.headers(headers -> headers.setBearerAuth(admin(mine)))
			.exchange()
			.expectStatus()
			.isNotFound();
		assertThat(list(admin(mine), "/api/v1/events").items()).isEmpty();
		this.http.get()
			.uri("/api/v1/events/{id}", event.get("id"))
			.headers(headers -> headers.setBearerAuth(admin(theirs)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.event_type").isEqualTo("config.deleted")
			.jsonPath("$.actor.type").isEqualTo("user")
			.jsonPath("$.ip_address").isEqualTo("203.0.113.9")
			.jsonPath("$.event_data.value").isEqualTo("***")
			.jsonPath("$.sequence").isEqualTo(1);
	}

	@Test
	void letsAdminsAndAuditReadKeysReadButNotMembersOrPlainKeys() {
		UUID organization = UUID.randomUUID();
		ingest(List.of(event(organization, "config.created"))).expectStatus().isOk();

		status(tokens.user(UUID.randomUUID(), organization, Role.MEMBER)).isForbidden();
		status(tokens.apiKey(UUID.randomUUID(), organization, "read")).isForbidden();
		status(tokens.apiKey(UUID.randomUUID(), organization, "read", AuditReaders.SCOPE)).isOk();
		status(tokens.user(UUID.randomUUID(), organization, Role.OWNER)).isOk();
	}

	@Test
	void servesItsOpenApiDocumentAndHealthWithoutAToken() {
		this.http.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.paths['/api/v1/events/export']").exists()
			.jsonPath("$.paths['/api/v1/events/verify']").exists()
			// Relative, so "try it out" goes through the gateway, never to the service's own address.
			.jsonPath("$.servers.length()").isEqualTo(1)
			.jsonPath("$.servers[0].url").isEqualTo("/")
			.jsonPath("$.paths['/internal/events']").doesNotExist();
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	@Test
	void refusesACursorItDidNotIssue() {
		this.http.get()
			.uri("/api/v1/events?cursor=bm90LWEtY3Vyc29y")
			.headers(headers -> headers.setBearerAuth(admin(UUID.randomUUID())))
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	private org.springframework.test.web.reactive.server.StatusAssertions status(String token) {
		return this.http.get().uri("/api/v1/events").headers(headers -> headers.setBearerAuth(token)).exchange()
			.expectStatus();
	}

	/** One page as a client reads it: the array of events, and the cursor of the next link. */
	private Page<EventResponse> list(String token, String uri) {
		EntityExchangeResult<List<EventResponse>> result = this.http.get()
			.uri(uri)
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<EventResponse>>() {
			})
			.returnResult();
		return new Page<>(result.getResponseBody(), Links.nextCursor(result.getResponseHeaders()));
	}

	private static List<String> types(Page<EventResponse> page) {
		return page.items().stream().map(EventResponse::eventType).toList();
	}

	static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

}

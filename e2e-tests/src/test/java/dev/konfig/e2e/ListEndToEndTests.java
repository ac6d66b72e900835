package dev.konfig.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every list of the suite, through the gateway against the real services, follows the one page
 * rule of platform-web: 50 items by default, at most 200, anything else a 400 problem naming
 * {@code limit}, and a {@code next_cursor} that continues exactly where a page stopped. One
 * organization is filled once with more than a default page of everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListEndToEndTests {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	/** More than a default page of everything. */
	private static final int ITEMS = DEFAULT_LIMIT + 1;

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private Fixture fixture;

	/** Each list of the suite, and where the fixture's items are listed. */
	enum ListEndpoint {

		ORGANIZATIONS(fixture -> "/api/v1/organizations"),

		USERS(fixture -> "/api/v1/users"),

		API_KEYS(fixture -> "/api/v1/api-keys"),

		NAMESPACES(fixture -> "/api/v1/namespaces"),

		CONFIGS(fixture -> "/api/v1/namespaces/" + fixture.namespace() + "/configs"),

		CONFIG_HISTORY(fixture -> "/api/v1/namespaces/" + fixture.namespace() + "/configs/" + Fixture.COUNTER
				+ "/history"),

		EVENTS(fixture -> "/api/v1/events"),

		ENTITY_TRAIL(fixture -> "/api/v1/events/entities/config/" + fixture.counterId()),

		ACTOR_ACTIVITY(fixture -> "/api/v1/events/actors/" + fixture.owner().userId());

		private final Function<Fixture, String> path;

		ListEndpoint(Function<Fixture, String> path) {
			this.path = path;
		}

		String path(Fixture fixture) {
			return this.path.apply(fixture);
		}

	}

	@BeforeAll
	void fillEveryListOfOneOrganization() throws InterruptedException {
		Session owner = Accounts.registerOrganization();
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 1; i < ITEMS; i++) {
			post(owner, "/api/v1/organizations", Map.of("name", "Lists " + suffix + " " + i));
			post(owner, "/api/v1/users", Map.of("email", "lists-" + suffix + "-" + i + "@example.com", "password",
					Accounts.PASSWORD, "full_name", "Member " + i, "role", "member"));
		}
		for (int i = 0; i < ITEMS; i++) {
			Accounts.createApiKey(owner, "read");
		}
		String namespace = "lists-" + suffix;
		post(owner, "/api/v1/namespaces", Map.of("name", namespace));
		for (int i = 1; i < ITEMS; i++) {
			post(owner, "/api/v1/namespaces", Map.of("name", namespace + "-" + i));
		}
		Map<String, Object> counter = post(owner, "/api/v1/namespaces/" + namespace + "/configs",
				Map.of("key", Fixture.COUNTER, "value", 0, "value_type", "number"));
		for (int i = 1; i < ITEMS; i++) {
			post(owner, "/api/v1/namespaces/" + namespace + "/configs",
					Map.of("key", "key_" + i, "value", i, "value_type", "number"));
			Accounts.gateway()
				.put()
				.uri("/api/v1/namespaces/{ns}/configs/{key}", namespace, Fixture.COUNTER)
				.headers(headers -> headers.setBearerAuth(owner.accessToken()))
				.header(HttpHeaders.IF_MATCH, "\"" + i + "\"")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("value", i))
				.exchange()
				.expectStatus()
				.isOk();
		}
		this.fixture = new Fixture(owner, namespace, String.valueOf(counter.get("id")));
		// Events arrive through the outboxes; the lists must hold still while they are read.
		awaitEvents(owner, "/api/v1/events/entities/config/" + this.fixture.counterId(), ITEMS);
		awaitEvents(owner, "/api/v1/events?event_type=api_key.created", ITEMS);
		awaitEvents(owner, "/api/v1/events?event_type=user.created", ITEMS - 1);
		awaitEvents(owner, "/api/v1/events?event_type=namespace.created", ITEMS);
		awaitEvents(owner, "/api/v1/events?event_type=config.", 2 * ITEMS - 1);
		// tenant-service caches the caller's memberships for a few seconds.
		awaitItems(owner, "/api/v1/organizations?limit=" + MAX_LIMIT, ITEMS);
	}

	@ParameterizedTest
	@EnumSource(ListEndpoint.class)
	void followsTheSuitesOnePageRule(ListEndpoint list) {
		String path = list.path(this.fixture);

		Map<String, Object> byDefault = page(path, "");
		assertThat(items(byDefault)).as("default page size").hasSize(DEFAULT_LIMIT);
		assertThat(byDefault.get("next_cursor")).isNotNull();

		List<Object> largest = items(page(path, "?limit=" + MAX_LIMIT));
		assertThat(largest).as("the maximum is accepted").hasSizeBetween(ITEMS, MAX_LIMIT);
		assertThat(largest.subList(0, DEFAULT_LIMIT)).isEqualTo(items(byDefault));

		for (String invalid : List.of("0", String.valueOf(MAX_LIMIT + 1), "abc", "-1")) {
			Accounts.gateway()
				.get()
				.uri(path + "?limit=" + invalid)
				.headers(headers -> headers.setBearerAuth(this.fixture.owner().accessToken()))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo("limit");
		}

		// A page of `limit` items, and its cursor continues exactly where it stopped.
		Map<String, Object> first = page(path, "?limit=20");
		assertThat(items(first)).hasSize(20);
		assertThat(first.get("next_cursor")).isNotNull();
		Map<String, Object> second = page(path, "?limit=30&cursor=" + first.get("next_cursor"));
		List<Object> seen = new ArrayList<>(items(first));
		seen.addAll(items(second));
		assertThat(seen).isEqualTo(items(byDefault));

		// The cursors fetch the rest, each item once, and the last page says there is no more.
		Object cursor = second.get("next_cursor");
		for (int pages = 0; cursor != null; pages++) {
			assertThat(pages).as("pages after the first 50").isLessThan(20);
			Map<String, Object> next = page(path, "?limit=" + MAX_LIMIT + "&cursor=" + cursor);
			seen.addAll(items(next));
			cursor = next.get("next_cursor");
		}
		assertThat(seen).hasSizeGreaterThanOrEqualTo(ITEMS).doesNotHaveDuplicates();
		assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
		if (largest.size() < MAX_LIMIT) {
			assertThat(seen).isEqualTo(largest);
		}
		else {
			assertThat(seen.subList(0, MAX_LIMIT)).isEqualTo(largest);
		}
	}

	private Map<String, Object> page(String path, String query) {
		return page(this.fixture.owner(), path + query);
	}

	private static Map<String, Object> page(Session session, String uri) {
		return Accounts.gateway()
			.get()
			.uri(uri)
			.headers(headers -> headers.setBearerAuth(session.accessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> items(Map<String, Object> page) {
		return (List<Object>) page.get("items");
	}

	private static Map<String, Object> post(Session session, String uri, Map<String, Object> body) {
		return Accounts.gateway()
			.post()
			.uri(uri)
			.headers(headers -> headers.setBearerAuth(session.accessToken()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private static void awaitEvents(Session session, String uri, int count) throws InterruptedException {
		awaitItems(session, uri + (uri.contains("?") ? "&" : "?") + "limit=" + MAX_LIMIT, count);
	}

	private static void awaitItems(Session session, String uri, int count) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		int found = items(page(session, uri)).size();
		while (found < count && Instant.now().isBefore(deadline)) {
			Thread.sleep(250);
			found = items(page(session, uri)).size();
		}
		assertThat(found).as(uri).isGreaterThanOrEqualTo(count);
	}

	record Fixture(Session owner, String namespace, String counterId) {

		static final String COUNTER = "counter";

	}

}

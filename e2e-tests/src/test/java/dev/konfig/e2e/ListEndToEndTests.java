package dev.konfig.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.springframework.lang.Nullable;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.e2e.Accounts.Session;
import dev.konfig.platform.test.Links;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every list of the suite, through the gateway against the real services, follows the one page
 * rule of platform-web: a JSON array of 50 items by default, at most 200, anything else a 400
 * problem naming {@code limit}; {@code skip} from 0 to 1000 after the cursor; and a
 * {@code Link: <...>; rel="next"} header that continues exactly where a page stopped. One
 * organization is filled once with more than a default page of everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListEndToEndTests {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	/** More than a default page of everything. */
	private static final int ITEMS = DEFAULT_LIMIT + 1;

	static final int MAX_SKIP = 1000;

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Object>> ARRAY = new ParameterizedTypeReference<>() {
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

		Listed byDefault = page(path, "");
		assertThat(byDefault.items()).as("default page size").hasSize(DEFAULT_LIMIT);
		assertThat(byDefault.nextCursor()).isNotNull();

		Listed largest = page(path, "?limit=" + MAX_LIMIT);
		assertThat(largest.items()).as("the maximum is accepted").hasSizeBetween(ITEMS, MAX_LIMIT);
		assertThat(largest.items().subList(0, DEFAULT_LIMIT)).isEqualTo(byDefault.items());

		for (String invalid : List.of("0", String.valueOf(MAX_LIMIT + 1), "abc", "-1")) {
			expectProblemNaming(path + "?limit=" + invalid, "limit");
		}

		// A page of `limit` items, and its cursor continues exactly where it stopped.
		Listed first = page(path, "?limit=20");
		assertThat(first.items()).hasSize(20);
		assertThat(first.nextCursor()).isNotNull();
		Listed second = page(path, "?limit=30&cursor=" + encoded(first.nextCursor()));
		List<Object> seen = new ArrayList<>(first.items());
		seen.addAll(second.items());
		assertThat(seen).isEqualTo(byDefault.items());

		// The cursors fetch the rest, each item once, and the last page says there is no more.
		String cursor = second.nextCursor();
		for (int pages = 0; cursor != null; pages++) {
			assertThat(pages).as("pages after the first 50").isLessThan(20);
			Listed next = page(path, "?limit=" + MAX_LIMIT + "&cursor=" + encoded(cursor));
			seen.addAll(next.items());
			cursor = next.nextCursor();
		}
		assertThat(seen).hasSizeGreaterThanOrEqualTo(ITEMS).doesNotHaveDuplicates();
		assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
		if (largest.items().size() < MAX_LIMIT) {
			assertThat(seen).isEqualTo(largest.items());
		}
		else {
			assertThat(seen.subList(0, MAX_LIMIT)).isEqualTo(largest.items());
		}

		// The Link header of a full page, followed as given through the gateway, leads to the
		// rest of the list, page by page of the same size, and the last page has none.
		List<Object> followed = new ArrayList<>(byDefault.items());
		String link = byDefault.nextLink();
		for (int pages = 0; link != null; pages++) {
			assertThat(pages).as("pages after the first 50").isLessThan(40);
			assertThat(link).as("a link keeps the list's path").startsWith(path + "?");
			assertThat(Links.queryParameter(link, "limit")).as("a default page's link names no limit").isNull();
			Listed next = page(this.fixture.owner(), URI.create(link));
			assertThat(next.items()).hasSizeLessThanOrEqualTo(DEFAULT_LIMIT);
			if (next.nextLink() != null) {
				assertThat(next.items()).as("a page with a next link is full").hasSize(DEFAULT_LIMIT);
			}
			followed.addAll(next.items());
			link = next.nextLink();
		}
		assertThat(followed).isEqualTo(seen);
	}

	@ParameterizedTest
	@EnumSource(ListEndpoint.class)
	void skipsWhatTheClientAsksAfterTheCursor(ListEndpoint list) {
		String path = list.path(this.fixture);
		Listed byDefault = page(path, "");

		for (String invalid : List.of("-1", String.valueOf(MAX_SKIP + 1), "abc")) {
			expectProblemNaming(path + "?skip=" + invalid, "skip");
		}

		// skip=1 passes over exactly one item; the next link continues after the page without
		// skipping again, and keeps the page size.
		Listed skipped = page(path, "?limit=20&skip=1");
		assertThat(skipped.items()).isEqualTo(byDefault.items().subList(1, 21));
		assertThat(skipped.nextLink()).isNotNull();
		assertThat(Links.queryParameter(skipped.nextLink(), "skip")).isNull();
		assertThat(Links.queryParameter(skipped.nextLink(), "limit")).isEqualTo("20");
		Listed after = page(this.fixture.owner(), URI.create(skipped.nextLink()));
		assertThat(after.items()).isEqualTo(byDefault.items().subList(21, 41));

		// skip applies after the cursor, and skip=0 is no skip.
		Listed first = page(path, "?limit=20");
		Listed skippedAfterCursor = page(path, "?limit=9&skip=1&cursor=" + encoded(first.nextCursor()));
		assertThat(skippedAfterCursor.items()).isEqualTo(byDefault.items().subList(21, 30));
		assertThat(page(path, "?skip=0").items()).isEqualTo(byDefault.items());
	}

	private void expectProblemNaming(String uri, String field) {
		Accounts.gateway()
			.get()
			.uri(uri)
			.headers(headers -> headers.setBearerAuth(this.fixture.owner().accessToken()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
	}

	private Listed page(String path, String query) {
		return page(this.fixture.owner(), path + query);
	}

	private static Listed page(Session session, String uri) {
		return page(Accounts.gateway().get().uri(uri), session);
	}

	/** A link target as given: already encoded, so sent as it is. */
	private static Listed page(Session session, URI originRelative) {
		URI absolute = URI.create(Suite.get().gatewayUrl()).resolve(originRelative);
		return page(Accounts.gateway().get().uri(absolute), session);
	}

	private static Listed page(WebTestClient.RequestHeadersSpec<?> request, Session session) {
		EntityExchangeResult<List<Object>> result = request
			.headers(headers -> headers.setBearerAuth(session.accessToken()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(ARRAY)
			.returnResult();
		assertThat(result.getResponseBody()).as("a list is a JSON array").isNotNull();
		return new Listed(result.getResponseBody(), result.getResponseHeaders());
	}

	private static String encoded(String cursor) {
		return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
	}

	/** One page as a client sees it: the array, and the headers that say where the next one is. */
	record Listed(List<Object> items, HttpHeaders headers) {

		@Nullable
		String nextLink() {
			return Links.nextLink(this.headers);
		}

		@Nullable
		String nextCursor() {
			return Links.nextCursor(this.headers);
		}

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
		int found = page(session, uri).items().size();
		while (found < count && Instant.now().isBefore(deadline)) {
			Thread.sleep(250);
			found = page(session, uri).items().size();
		}
		assertThat(found).as(uri).isGreaterThanOrEqualTo(count);
	}

	record Fixture(Session owner, String namespace, String counterId) {

		static final String COUNTER = "counter";

	}

}

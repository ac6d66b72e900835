package dev.konfig.config.watch;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.konfig.config.ConfigIntegrationTest;
import dev.konfig.config.ConfigServiceApplication;
import dev.konfig.platform.outbox.OutboxRelay;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.TestTokens;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

class WatchIntegrationTests extends ConfigIntegrationTest {

	@Autowired
	NamespaceChangeFeed feed;

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
	};

	@Test
	void servesTheNamespaceAsOneFlatMapWithAnETag() {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String ns = namespace(member, uniqueName("values"));
		config(member, ns, "a.url", "https://a", "string");
		config(member, ns, "b.size", 3, "number");
		config(member, ns, "c.json", Map.of("x", List.of(1)), "json");
		String reader = apiKey(org, "read");
		String values = "/api/v1/namespaces/" + ns + "/values";
		get(reader, values).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"")
			.expectBody()
			.jsonPath("$['a.url']").isEqualTo("https://a")
			.jsonPath("$['b.size']").isEqualTo(3)
			.jsonPath("$['c.json'].x[0]").isEqualTo(1);
		get(reader, values).header(HttpHeaders.IF_NONE_MATCH, "\"3\"").exchange().expectStatus().isNotModified();
		put(member, "/api/v1/namespaces/" + ns + "/configs/b.size", etag(1), Map.of("value", 4)).expectStatus().isOk();
		get(reader, values).header(HttpHeaders.IF_NONE_MATCH, "\"3\"")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.ETAG, "\"4\"")
			.expectBody()
			.jsonPath("$['b.size']").isEqualTo(4);
		post(reader, "/api/v1/namespaces/" + ns + "/configs", Map.of("key", "z", "value", 1, "value_type", "number"))
			.expectStatus().isForbidden();
	}

	@Test
	void aLongPollAnswersAsSoonAsTheNamespaceChanges() throws Exception {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String ns = namespace(member, uniqueName("poll"));
		config(member, ns, "flag", false, "boolean");
		long started = System.nanoTime();
		CompletableFuture<ResponseEntity<Map<String, Object>>> poll = poll(this.port, apiKey(org, "read"), ns,
				"wait=20s&after_version=1");
		Thread.sleep(500);
		assertThat(poll).as("nothing changed yet").isNotDone();
		put(member, "/api/v1/namespaces/" + ns + "/configs/flag", etag(1), Map.of("value", true)).expectStatus().isOk();
		ResponseEntity<Map<String, Object>> answer = poll.get(15, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(answer.getHeaders().getETag()).isEqualTo("\"2\"");
		assertThat(answer.getBody()).containsEntry("flag", true);
	}

	@Test
	void aLongPollAnswersNotModifiedAtTheTimeoutAndAtOnceWhenAlreadyPast() throws Exception {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String ns = namespace(member, uniqueName("idle"));
		config(member, ns, "x", 1, "number");
		String reader = apiKey(org, "read");
		ResponseEntity<Map<String, Object>> idle = poll(this.port, reader, ns, "wait=1s&after_version=1").get(10,
				TimeUnit.SECONDS);
		assertThat(idle.getStatusCode().value()).isEqualTo(304);
		assertThat(idle.getHeaders().getETag()).isEqualTo("\"1\"");
		ResponseEntity<Map<String, Object>> past = poll(this.port, reader, ns, "wait=20s&after_version=0").get(5,
				TimeUnit.SECONDS);
		assertThat(past.getStatusCode().value()).isEqualTo(200);
		assertThat(past.getBody()).containsEntry("x", 1);
		get(reader, "/api/v1/namespaces/" + ns + "/values?wait=soon").exchange().expectStatus().isBadRequest();
	}

	@Test
	void aWatcherOfADeletedNamespaceHearsItIsGone() throws Exception {
		UUID org = organization();
		String admin = user(org, Role.ADMIN);
		String ns = namespace(admin, uniqueName("vanishing"));
		config(admin, ns, "k", "v", "string");
		CompletableFuture<ResponseEntity<Map<String, Object>>> poll = poll(this.port, apiKey(org, "read"), ns,
				"wait=20s&after_version=1");
		sleep(500);
		delete(admin, "/api/v1/namespaces/" + ns, null).expectStatus().isNoContent();
		assertThat(poll).failsWithin(15, TimeUnit.SECONDS)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(WebClientResponseException.NotFound.class);
	}

	@Test
	void theEventStreamResumesFromTheLastEventIdAndFollowsNewChanges() throws InterruptedException {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String ns = namespace(member, uniqueName("stream"));
		String base = "/api/v1/namespaces/" + ns + "/configs";
		config(member, ns, "one", "1", "string");
		config(member, ns, "two", "2", "string");
		put(member, base + "/one", etag(1), Map.of("value", "1b")).expectStatus().isOk();
		String reader = apiKey(org, "read");
		List<ServerSentEvent<Map<String, Object>>> resumed = client(this.port, reader).get()
			.uri("/api/v1/namespaces/" + ns + "/watch")
			.header("Last-Event-ID", "1")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENT)
			.filter(event -> event.data() != null)
			.take(2)
			.collectList()
			.block(Duration.ofSeconds(15));
		assertThat(resumed).extracting(ServerSentEvent::id).containsExactly("2", "3");
		assertThat(resumed).extracting(event -> event.data().get("key")).containsExactly("two", "one");
		assertThat(resumed).extracting(ServerSentEvent::event).containsExactly("create", "update");
		assertThat(resumed.get(1).data()).containsEntry("value", "1b").containsEntry("version", 2);

		CountDownLatch opened = new CountDownLatch(1);
		CompletableFuture<List<ServerSentEvent<Map<String, Object>>>> live = client(this.port, reader).get()
			.uri("/api/v1/namespaces/" + ns + "/watch")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENT)
			.doOnNext(event -> {
				if ("revision".equals(event.event()) && "3".equals(event.id())) {
					opened.countDown();
				}
			})
			.filter(event -> event.data() != null)
			.take(1)
			.collectList()
			.toFuture();
		assertThat(opened.await(15, TimeUnit.SECONDS)).as("the stream opens with the current revision").isTrue();
		delete(member, base + "/two", etag(1)).expectStatus().isNoContent();
		List<ServerSentEvent<Map<String, Object>>> events = live.orTimeout(15, TimeUnit.SECONDS).join();
		assertThat(events).hasSize(1);
		assertThat(events.get(0).id()).isEqualTo("4");
		assertThat(events.get(0).data()).containsEntry("change_type", "delete").containsEntry("key", "two");
	}

	@Test
	void aChangeCommittedThroughAnotherReplicaWakesAWatcherOfThisOne() throws Exception {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String ns = namespace(member, uniqueName("replicas"));
		config(member, ns, "color", "red", "string");
		try (ConfigurableApplicationContext other = secondReplica()) {
			int otherPort = ((WebServerApplicationContext) other).getWebServer().getPort();
			assertThat(otherPort).isNotEqualTo(this.port);
			assertThat(other.getBeanProvider(OutboxRelay.class).getIfAvailable()).as("relay switched off").isNull();
			CompletableFuture<ResponseEntity<Map<String, Object>>> poll = poll(this.port, apiKey(org, "read"), ns,
					"wait=30s&after_version=1");
			sleep(500);
			assertThat(poll).isNotDone();
			WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + otherPort)
				.build()
				.put()
				.uri("/api/v1/namespaces/" + ns + "/configs/color")
				.headers(headers -> {
					headers.setBearerAuth(member);
					headers.set(HttpHeaders.IF_MATCH, etag(1));
				})
				.bodyValue(Map.of("value", "blue"))
				.exchange()
				.expectStatus().isOk();
			ResponseEntity<Map<String, Object>> answer = poll.get(20, TimeUnit.SECONDS);
			assertThat(answer.getStatusCode().value()).isEqualTo(200);
			assertThat(answer.getBody()).containsEntry("color", "blue");

			// A replica that shuts down answers its waiting long polls at once instead of
			// holding its shutdown up for them.
			CompletableFuture<ResponseEntity<Map<String, Object>>> onLeaving = poll(otherPort, apiKey(org, "read"), ns,
					"wait=50s&after_version=2");
			sleep(500);
			long closing = System.nanoTime();
			other.close();
			ResponseEntity<Map<String, Object>> farewell = onLeaving.get(20, TimeUnit.SECONDS);
			assertThat(farewell.getStatusCode().value()).isEqualTo(304);
			assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(20));
		}
	}

	@Test
	void plainReadsFromMemoryFollowChangesMadeThroughAnyReplica() throws Exception {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String name = uniqueName("kept");
		String ns = namespace(member, name);
		config(member, ns, "size", 1, "number");
		String reader = apiKey(org, "read");
		// Read by name (what a rename changes) and by id.
		get(reader, "/api/v1/namespaces/" + ns + "/values").exchange().expectStatus().isOk();
		get(reader, "/api/v1/namespaces/" + name + "/values").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.size").isEqualTo(1);
		try (ConfigurableApplicationContext other = secondReplica()) {
			WebTestClient replica = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + ((WebServerApplicationContext) other).getWebServer().getPort())
				.build();
			// Both replicas now hold the map in memory.
			replica.get().uri("/api/v1/namespaces/" + name + "/values").headers(h -> h.setBearerAuth(reader)).exchange()
				.expectStatus().isOk();
			replica.put()
				.uri("/api/v1/namespaces/" + ns + "/configs/size")
				.headers(headers -> {
					headers.setBearerAuth(member);
					headers.set(HttpHeaders.IF_MATCH, etag(1));
				})
				.bodyValue(Map.of("value", 2))
				.exchange()
				.expectStatus().isOk();
			assertThat(eventually(() -> valuesOf(this.port, reader, name), values -> !values.containsValue(1)))
				.containsEntry("size", 2);
			// A rename through the other replica: the old name is gone here too, the new one serves.
			String renamed = name + "-renamed";
			replica.patch()
				.uri("/api/v1/namespaces/" + ns)
				.headers(headers -> headers.setBearerAuth(member))
				.bodyValue(Map.of("name", renamed))
				.exchange()
				.expectStatus().isOk();
			assertThat(eventually(() -> {
				try {
					valuesOf(this.port, reader, name);
					return null;
				}
				catch (WebClientResponseException.NotFound gone) {
					return Map.of("gone", true);
				}
			}, values -> values.containsKey("gone"))).containsEntry("gone", true);
			assertThat(valuesOf(this.port, reader, renamed)).containsEntry("size", 2);
			assertThat(valuesOf(this.port, reader, ns)).containsEntry("size", 2);
		}
	}

	private static Map<String, Object> valuesOf(int port, String token, String ns) {
		return client(port, token).get().uri("/api/v1/namespaces/" + ns + "/values").retrieve().bodyToMono(MAP).block();
	}

	/** The first answer that passes within 10 seconds (a notification's way between replicas), or the last. */
	private static Map<String, Object> eventually(Supplier<Map<String, Object>> read,
			Predicate<Map<String, Object>> passes) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		Map<String, Object> last = null;
		while (System.nanoTime() < deadline) {
			last = read.get();
			if (last != null && passes.test(last)) {
				return last;
			}
			sleep(50);
		}
		return last == null ? Map.of() : last;
	}

	@Test
	void holdsManyIdleWatchersWithoutAThreadEachAndWakesThemAll() throws Exception {
		UUID org = organization();
		String member = user(org, Role.MEMBER);
		String ns = namespace(member, uniqueName("crowd"));
		config(member, ns, "n", 1, "number");
		int watchers = 500;
		ConnectionProvider connections = ConnectionProvider.builder("watchers").maxConnections(watchers + 10).build();
		try {
			WebClient crowd = WebClient.builder()
				.clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
				.baseUrl("http://127.0.0.1:" + this.port)
				.defaultHeaders(headers -> headers.setBearerAuth(apiKey(org, "read")))
				.build();
			int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
			CompletableFuture<List<Integer>> answers = Flux.range(0, watchers)
				.flatMap(i -> crowd.get()
					.uri("/api/v1/namespaces/" + ns + "/values?wait=30s&after_version=1")
					.retrieve()
					.toEntity(MAP)
					.map(answer -> ((Number) answer.getBody().get("n")).intValue()), watchers)
				.collectList()
				.toFuture();
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (this.feed.watchers() < watchers && System.nanoTime() < deadline) {
				sleep(100);
			}
			assertThat(this.feed.watchers()).isGreaterThanOrEqualTo(watchers);
			assertThat(answers).isNotDone();
			assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore)
				.as("threads added while %d watchers wait", watchers)
				.isLessThan(50);
			put(member, "/api/v1/namespaces/" + ns + "/configs/n", etag(1), Map.of("value", 2)).expectStatus().isOk();
			assertThat(answers.get(30, TimeUnit.SECONDS)).hasSize(watchers).containsOnly(2);
		}
		finally {
			connections.dispose();
		}
	}

	/** The same application on another port and the same database: a second replica. */
	private static ConfigurableApplicationContext secondReplica() {
		TestDatabase db = TestDatabase.get();
		// Command-line arguments outrank application.yml, so the replica cannot fall back to its defaults.
		// Its relay is switched off: the replica still starts and records events (the other relays
		// deliver them), and its watches still share the one LISTEN connection.
		return new SpringApplicationBuilder(ConfigServiceApplication.class).run("--server.port=0",
				"--konfig.outbox.enabled=false",
				"--spring.r2dbc.url=" + db.r2dbcUrl("config"), "--spring.r2dbc.username=" + db.user(),
				"--spring.r2dbc.password=" + db.password(), "--spring.flyway.url=" + db.jdbcUrl(),
				"--spring.flyway.user=" + db.user(), "--spring.flyway.password=" + db.password(),
				"--konfig.security.jwks-uri=" + TestTokens.get().jwksUri(),
				"--konfig.config.secret-keys=dev-1:a29uZmlnLWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=," + TEST_KEY,
				"--konfig.config.active-secret-key=test-2");
	}

	private static CompletableFuture<ResponseEntity<Map<String, Object>>> poll(int port, String token, String ns,
			String query) {
		return client(port, token).get()
			.uri("/api/v1/namespaces/" + ns + "/values?" + query)
			.retrieve()
			.toEntity(MAP)
			.toFuture();
	}

	private static WebClient client(int port, String token) {
		return WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultHeaders(headers -> headers.setBearerAuth(token))
			.build();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

}

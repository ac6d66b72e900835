package dev.konfig.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.TcpProxy;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL "restarts" under the service (a proxy between them is cut, then restored): writes
 * during the outage answer 503 with nothing written, or commit whole with their audit event; the
 * service serves writes again within 10 s of the database answering, without a restart, and its
 * one LISTEN connection comes back, so a watcher is woken by the next change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class DatabaseRestartIntegrationTests {

	private static final TestDatabase db = TestDatabase.get();

	private static final TcpProxy proxy = new TcpProxy(db.host(), db.port());

	@Autowired
	WebTestClient http;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "config");
		registry.add("spring.r2dbc.url", () -> db.r2dbcUrl("config")
			.replace(db.host() + ":" + db.port(), "127.0.0.1:" + proxy.port()) + "&connectTimeout=PT2S");
		registry.add("spring.r2dbc.pool.max-acquire-time", () -> "2s");
		TestTokens.register(registry);
		OutboxRows.keepPending(registry);
		registry.add("konfig.security.client.token-uri", () -> "http://127.0.0.1:9/oauth2/token");
	}

	@AfterAll
	static void closeProxy() {
		proxy.close();
	}

	@Test
	void writesDuringAnOutageCommitWholeOrAnswer503AndTheServiceRecoversByItself() throws Exception {
		UUID organization = UUID.randomUUID();
		String token = TestTokens.get().user(UUID.randomUUID(), organization, Role.ADMIN);
		String watched = "watched-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(create(token, watched)).isEqualTo(201);
		Map<String, Integer> outcomes = new LinkedHashMap<>();

		proxy.cut();
		long outageEnds = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		int i = 0;
		while (System.nanoTime() < outageEnds) {
			String name = "outage-" + i++ + "-" + UUID.randomUUID().toString().substring(0, 8);
			outcomes.put(name, create(token, name));
		}
		proxy.restore();
		long restored = System.nanoTime();
		String after = null;
		while (System.nanoTime() - restored < Duration.ofSeconds(10).toNanos()) {
			String name = "after-" + UUID.randomUUID().toString().substring(0, 8);
			int status = create(token, name);
			outcomes.put(name, status);
			if (status == 201) {
				after = name;
				break;
			}
			Thread.sleep(100);
		}
		Duration recovery = Duration.ofNanos(System.nanoTime() - restored);
		System.out.printf("database restart: %d writes, %d refused with 503, writes again %d ms after the database answered%n",
				outcomes.size(), outcomes.values().stream().filter(status -> status == 503).count(), recovery.toMillis());

		assertThat(after).as("a write succeeds within 10 s of the database answering").isNotNull();
		assertThat(outcomes.values()).allMatch(status -> status == 201 || status == 503);
		assertThat(outcomes).containsValue(503);
		outcomes.forEach((name, status) -> {
			long rows = db.number("SELECT count(*) FROM config.namespaces WHERE organization_id = ? AND name = ?",
					organization, name);
			long events = db.number("SELECT count(*) FROM config.outbox WHERE payload->>'organization_id' = ? "
					+ "AND payload->>'event_type' = 'namespace.created' AND payload->'event_data'->>'name' = ?",
					organization.toString(), name);
			assertThat(rows).as(name + " (answered " + status + ")").isEqualTo((status == 201) ? 1 : 0);
			assertThat(events).as("audit event of " + name).isEqualTo(rows);
		});

		// The LISTEN connection came back: a change wakes a watcher of this replica.
		WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + this.port)
			.defaultHeaders(headers -> headers.setBearerAuth(token)).build();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		boolean woken = false;
		int version = 0;
		while (!woken && System.nanoTime() < deadline) {
			CompletableFuture<ResponseEntity<Map<String, Object>>> poll = client.get()
				.uri("/api/v1/namespaces/" + watched + "/values?wait=3s&after_version=" + version)
				.retrieve()
				.toEntity(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.toFuture();
			Thread.sleep(300);
			boolean waiting = !poll.isDone();
			this.http.post().uri("/api/v1/namespaces/" + watched + "/configs")
				.headers(headers -> headers.setBearerAuth(token))
				.bodyValue(Map.of("key", "k" + version, "value", 1, "value_type", "number"))
				.exchange().expectStatus().isCreated();
			version++;
			long asked = System.nanoTime();
			ResponseEntity<Map<String, Object>> answer = poll.get(10, TimeUnit.SECONDS);
			woken = waiting && answer.getStatusCode().value() == 200
					&& System.nanoTime() - asked < Duration.ofSeconds(2).toNanos();
		}
		assertThat(woken).as("a watcher is woken by a change after the restart").isTrue();
	}

	private int create(String token, String name) {
		return this.http.post()
			.uri("/api/v1/namespaces")
			.headers(headers -> headers.setBearerAuth(token))
			.bodyValue(Map.of("name", name))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

}

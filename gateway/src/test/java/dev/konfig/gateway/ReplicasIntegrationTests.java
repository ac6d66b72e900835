package dev.konfig.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.test.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * config-service as three replicas, one of them dead (nothing listens on its port): the gateway
 * balances over the live ones, sends a request refused by the dead one to another replica
 * whatever its method, and repeats a request cut before its answer only when it is a GET or
 * carries an {@code Idempotency-Key}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class ReplicasIntegrationTests {

	private static final StubUpstream one = StubUpstream.replica();

	private static final StubUpstream two = StubUpstream.replica();

	private static final String DEAD_URL = "http://127.0.0.1:" + freePort();

	@Autowired
	WebTestClient http;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestTokens.register(registry);
		registry.add("KONFIG_AUTH_URL", StubUpstream.auth()::baseUrl);
		registry.add("KONFIG_TENANT_URL", StubUpstream.tenant()::baseUrl);
		registry.add("KONFIG_CONFIG_URL", () -> one.baseUrl() + "," + DEAD_URL + "," + two.baseUrl());
		registry.add("KONFIG_AUDIT_URL", StubUpstream.audit()::baseUrl);
		registry.add("KONFIG_FILE_URL", StubUpstream.file()::baseUrl);
		registry.add("KONFIG_RATE_LIMIT_KEY_PREFIX", () -> "gateway-test-" + UUID.randomUUID());
		// No readiness probes during the test: what it sees is the gateway's reaction to each failure.
		registry.add("konfig.http.peers.interval", () -> "1h");
	}

	@Autowired
	OutboundClients outbound;

	@AfterEach
	void answerAgain() {
		one.cutConnections(false);
		// As the readiness probes (switched off here) would, once the live replicas answer again.
		this.outbound.peers().groups().forEach(group -> group.all().forEach(instance -> {
			if (!DEAD_URL.endsWith(":" + instance.getPort())) {
				group.markIn(instance.getInstanceId());
			}
		}));
		one.received.clear();
		two.received.clear();
	}

	@AfterAll
	static void stop() {
		one.stop();
		two.stop();
	}

	@Test
	void everyRequestSucceedsWhileOneReplicaIsDeadAndTheLiveOnesShareThem() {
		String token = token();
		for (int i = 0; i < 20; i++) {
			call(HttpMethod.GET, token).expectStatus().isOk();
			call(HttpMethod.POST, token).expectStatus().isOk();
		}

		// Each request reached one live replica exactly once.
		assertThat(calls(one) + calls(two)).isEqualTo(40);
		assertThat(calls(one)).isGreaterThanOrEqualTo(10);
		assertThat(calls(two)).isGreaterThanOrEqualTo(10);
	}

	@Test
	void aGetCutBeforeItsAnswerIsRepeatedOnAnotherReplicaAndAPostIsNot() {
		String token = token();
		one.cutConnections(true);

		// POSTs first: a cut GET leaves its replica out of balancing until its probe answers again.
		int failedPosts = 0;
		for (int i = 0; i < 10; i++) {
			int status = call(HttpMethod.POST, token).returnResult(String.class).getStatus().value();
			if (status != 200) {
				assertThat(status).isEqualTo(503);
				failedPosts++;
			}
		}
		for (int i = 0; i < 10; i++) {
			call(HttpMethod.GET, token).expectStatus().isOk();
		}

		long cutPosts = one.received.stream().filter(request -> request.startsWith("POST")).count();
		long answeredPosts = two.received.stream().filter(request -> request.startsWith("POST")).count();
		// No POST was sent twice; those cut failed.
		assertThat(cutPosts + answeredPosts).isEqualTo(10);
		assertThat(failedPosts).isEqualTo((int) cutPosts).isPositive();
		assertThat(two.received.stream().filter(request -> request.startsWith("GET")).count()).isEqualTo(10);
	}

	@Test
	void aKeyedPostCutBeforeItsAnswerIsRepeatedOnAnotherReplicaWithItsWholeBody() {
		String token = token();
		// The dead replica is left out once a request met it: a repeat goes to another replica only once,
		// so a request meeting both the dead replica and the cut one would fail whatever its key.
		for (int i = 0; i < 3; i++) {
			call(HttpMethod.GET, token).expectStatus().isOk();
		}
		one.received.clear();
		two.received.clear();
		one.cutConnections(true);
		String body = "{\"name\":\"payments\",\"description\":\"" + "x".repeat(40_000) + "\"}";

		for (int i = 0; i < 10; i++) {
			String key = "create-payments-" + i;
			String echoed = this.http.post()
				.uri("/api/v1/namespaces")
				.headers(headers -> {
					headers.setBearerAuth(token);
					headers.set("Idempotency-Key", key);
				})
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus().isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(echoed).contains("x".repeat(40_000)).contains(key);
		}

		long cutPosts = one.received.stream().filter(request -> request.startsWith("POST")).count();
		long answeredPosts = two.received.stream().filter(request -> request.startsWith("POST")).count();
		assertThat(cutPosts).isPositive();
		assertThat(answeredPosts).isEqualTo(10);
	}

	private static long calls(StubUpstream replica) {
		return replica.received.stream().filter(request -> request.endsWith("/api/v1/namespaces")).count();
	}

	private WebTestClient.ResponseSpec call(HttpMethod method, String token) {
		WebTestClient.RequestBodySpec request = this.http.method(method)
			.uri("/api/v1/namespaces")
			.headers(headers -> headers.setBearerAuth(token));
		if (method == HttpMethod.POST) {
			request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"payments\"}");
		}
		return request.exchange();
	}

	private static String token() {
		return TestTokens.get().user(UUID.randomUUID(), UUID.randomUUID(), Role.ADMIN);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

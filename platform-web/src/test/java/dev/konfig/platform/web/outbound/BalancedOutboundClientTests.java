package dev.konfig.platform.web.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.web.ServiceUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A peer with several replicas on real sockets, some dead: requests spread over the replicas in
 * service, a refused connection goes to another replica whatever the method, a connection cut
 * before the answer is repeated only for an idempotent request.
 */
class BalancedOutboundClientTests {

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final PeerProbeProperties fastProbes = new PeerProbeProperties(Duration.ofMillis(200),
			Duration.ofMillis(300), "/actuator/health/readiness", Duration.ofSeconds(5));

	@AfterEach
	void stop() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	@Test
	void spreadsRequestsOverEveryReplica() {
		StubPeer one = peer();
		StubPeer two = peer();
		OutboundClient client = client(one.baseUrl() + "," + two.baseUrl());

		for (int i = 0; i < 10; i++) {
			assertThat(call(client, HttpMethod.GET)).contains("ok");
		}

		assertThat(one.calls()).isEqualTo(5);
		assertThat(two.calls()).isEqualTo(5);
	}

	@Test
	void aReplicaRefusingConnectionsIsSkippedForEveryMethodAndLeftOut() {
		StubPeer live = peer();
		String dead = "http://127.0.0.1:" + freePort();
		OutboundClients clients = clients(dead + "," + live.baseUrl(), PeerProbeProperties.BUILT_IN);
		OutboundClient client = clients.client("widgets");

		for (int i = 0; i < 6; i++) {
			assertThat(call(client, HttpMethod.POST)).contains("ok");
			assertThat(call(client, HttpMethod.GET)).contains("ok");
		}

		// Every request reached the live replica exactly once: a refused connection sent nothing.
		assertThat(live.calls()).isEqualTo(12);
		PeerGroup group = clients.peers().groups().get(0);
		assertThat(group.available()).extracting(instance -> "http://" + instance.getInstanceId())
			.containsExactly(live.baseUrl());
	}

	@Test
	void aReplicaLeftOutComesBackOnceItAnswersItsReadinessProbe() throws Exception {
		StubPeer live = peer();
		int port = freePort();
		OutboundClient client = clients("http://127.0.0.1:" + port + "," + live.baseUrl(), this.fastProbes)
			.client("widgets");
		for (int i = 0; i < 4; i++) {
			call(client, HttpMethod.GET);
		}
		StubPeer back = new StubPeer(port);
		this.closeables.add(back);

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (back.calls() == 0 && System.nanoTime() < deadline) {
			call(client, HttpMethod.GET);
			Thread.sleep(50);
		}

		assertThat(back.calls()).isPositive();
	}

	@Test
	void aReplicaThatIsNotReadyIsLeftOut() throws Exception {
		StubPeer draining = peer().answering((exchange, hit) -> {
			if (exchange.getRequestURI().getPath().startsWith("/actuator/")) {
				StubPeer.respond(exchange, 503, "{\"status\":\"OUT_OF_SERVICE\"}");
			}
			else {
				StubPeer.respond(exchange, 200, "{\"ok\":true}");
			}
		});
		StubPeer ready = peer();
		OutboundClients clients = clients(draining.baseUrl() + "," + ready.baseUrl(), this.fastProbes);
		OutboundClient client = clients.client("widgets");
		PeerGroup group = clients.peers().groups().get(0);

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (group.available().size() > 1 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
		long before = draining.calls();
		for (int i = 0; i < 6; i++) {
			call(client, HttpMethod.GET);
		}

		assertThat(draining.calls()).isEqualTo(before);
		assertThat(ready.calls()).isEqualTo(6);
	}

	@Test
	void aConnectionCutBeforeTheAnswerIsRepeatedElsewhereOnlyForAGet() {
		StubPeer cutting = peer().answering((exchange, hit) -> exchange.close());
		StubPeer fine = peer();
		OutboundClient client = client(cutting.baseUrl() + "," + fine.baseUrl());

		for (int i = 0; i < 6; i++) {
			assertThat(call(client, HttpMethod.GET)).contains("ok");
		}
		int failedPosts = 0;
		for (int i = 0; i < 6; i++) {
			Throwable failure = catchThrowable(() -> call(client, HttpMethod.POST));
			if (failure != null) {
				assertThat(failure).isInstanceOf(ServiceUnavailableException.class);
				failedPosts++;
			}
		}

		assertThat(fine.requests).filteredOn(request -> request.startsWith("GET")).hasSize(6);
		// Each POST reached one replica once: the cut ones failed, none was sent twice.
		long cutPosts = cutting.requests.stream().filter(request -> request.startsWith("POST")).count();
		long finePosts = fine.requests.stream().filter(request -> request.startsWith("POST")).count();
		assertThat(cutPosts + finePosts).isEqualTo(6);
		assertThat(failedPosts).isEqualTo((int) cutPosts).isPositive();
	}

	@Test
	void aPostWithAnIdempotencyKeyIsRepeatedAfterACut() {
		StubPeer cutting = peer().answering((exchange, hit) -> exchange.close());
		StubPeer fine = peer();
		OutboundClient client = client(cutting.baseUrl() + "," + fine.baseUrl());

		for (int i = 0; i < 4; i++) {
			String answer = client.protect(client.web()
				.post()
				.uri("/widgets")
				.header("Idempotency-Key", "key-" + i)
				.bodyValue("{}")
				.retrieve()
				.bodyToMono(String.class)).block(Duration.ofSeconds(10));
			assertThat(answer).contains("ok");
		}
		assertThat(fine.calls()).isEqualTo(4);
	}

	@Test
	void addressesKeepOneFixedUrlAndPointAListAtItsFirstReplica() {
		OutboundClients clients = clients("http://127.0.0.1:1", PeerProbeProperties.BUILT_IN);

		assertThat(clients.address("auth", "http://127.0.0.1:8081/.well-known/jwks.json"))
			.isEqualTo("http://127.0.0.1:8081/.well-known/jwks.json");
		assertThat(clients.address("auth", "http://127.0.0.1:8081,http://127.0.0.1:8091/.well-known/jwks.json"))
			.isEqualTo("http://127.0.0.1:8081/.well-known/jwks.json");
		assertThat(clients.peers().groups()).filteredOn(PeerGroup::balances).hasSize(1);
		assertThatThrownBy(() -> PeerAddresses.parse("http://a:1/x,http://b:2/x"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aDnsNameStandsForEveryAddressItResolvesTo() throws Exception {
		// The machine's own name, which resolves without a DNS server (the hosts file).
		String name = InetAddress.getLocalHost().getHostName();
		assumeTrue(PeerGroup.isName(name), "the machine's name is an address");
		Set<String> addresses = new HashSet<>();
		for (InetAddress address : InetAddress.getAllByName(name)) {
			addresses.add(address.getHostAddress());
		}

		PeerGroup group = new PeerGroups(PeerProbeProperties.BUILT_IN).group("widgets", "http://" + name + ":8080");

		assertThat(group.balances()).isTrue();
		assertThat(group.all()).extracting(ServiceInstance::getHost).containsExactlyInAnyOrderElementsOf(addresses);
		assertThat(group.all()).allSatisfy(instance -> assertThat(instance.getPort()).isEqualTo(8080));
	}

	private StubPeer peer() {
		StubPeer peer = new StubPeer();
		this.closeables.add(peer);
		return peer;
	}

	private OutboundClient client(String baseUrl) {
		return clients(baseUrl, PeerProbeProperties.BUILT_IN).client("widgets");
	}

	private OutboundClients clients(String baseUrl, PeerProbeProperties probes) {
		OutboundProperties.Settings settings = new OutboundProperties.Settings(baseUrl, null, null, null, null,
				new OutboundProperties.Retry(2, Duration.ofMillis(10), Duration.ofMillis(50), 0.0, null), null);
		OutboundClients clients = new OutboundClients(
				new OutboundProperties(null, java.util.Map.of("widgets", settings)), WebClient.builder(), probes);
		this.closeables.add(clients::destroy);
		return clients;
	}

	private static String call(OutboundClient client, HttpMethod method) {
		WebClient.RequestBodySpec request = client.web().method(method).uri("/widgets");
		if (method == HttpMethod.POST) {
			request.bodyValue("{}");
		}
		return client.protect(request.retrieve().bodyToMono(String.class)).block(Duration.ofSeconds(10));
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

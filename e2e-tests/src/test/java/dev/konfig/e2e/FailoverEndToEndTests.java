package dev.konfig.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.e2e.Accounts.Session;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of config-service behind the real gateway (the second is the suite's spare, on a
 * port that is in every peer's URL list from the start): a write through one replica wakes a
 * watcher of the other and reaches the audit trail once; then one replica is killed with kill -9
 * under steady reads and writes (bench/FailoverLoad.java, the load bench/failover.sh uses too).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverEndToEndTests {

	private static final Pattern REQUESTS = Pattern.compile(
			"requests (\\d+) .*failed (\\d+) = ([0-9.]+) % \\(failed reads (\\d+), failed writes (\\d+), writes refused with 503 (\\d+)\\)");

	private static final Pattern ACKNOWLEDGED = Pattern.compile("acknowledged writes (\\d+), missing afterwards (\\d+)");

	@Test
	@Order(1)
	void aWriteThroughOneReplicaWakesAWatcherOfTheOtherAndReachesTheAuditTrailOnce() throws Exception {
		ServiceProcess first = Suite.get().service("config-service");
		ServiceProcess second = startSecondReplica();
		Session owner = Accounts.registerOrganization();
		String token = owner.accessToken();
		String namespace = "watched-" + UUID.randomUUID().toString().substring(0, 8);
		Accounts.call(token, HttpMethod.POST, "/api/v1/namespaces", Map.of("name", namespace)).expectStatus().isCreated();

		CompletableFuture<ResponseEntity<String>> watch = client(first, token).get()
			.uri("/api/v1/namespaces/" + namespace + "/values?wait=30s&after_version=0")
			.retrieve()
			.toEntity(String.class)
			.toFuture();
		Thread.sleep(500);
		assertThat(watch).as("nothing changed yet").isNotDone();
		long written = System.nanoTime();
		client(second, token).post()
			.uri("/api/v1/namespaces/" + namespace + "/configs")
			.bodyValue(Map.of("key", "flag", "value", true, "value_type", "boolean"))
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(10));
		ResponseEntity<String> woken = watch.get(20, TimeUnit.SECONDS);
		System.out.printf("watcher of config-service woken %d ms after a write through config-service-2%n",
				Duration.ofNanos(System.nanoTime() - written).toMillis());
		assertThat(woken.getStatusCode().value()).isEqualTo(200);
		assertThat(woken.getBody()).contains("\"flag\":true");

		// Both replicas run the relay; the event reaches audit-service once.
		Instant deadline = Instant.now().plusSeconds(30);
		List<?> events = events(token);
		while (events.isEmpty() && Instant.now().isBefore(deadline)) {
			Thread.sleep(250);
			events = events(token);
		}
		Thread.sleep(2000);
		assertThat(events(token)).hasSize(1);
	}

	@Test
	@Order(2)
	void killingOneOfTwoReplicasUnderLoadFailsNoReadAndLosesNoAcknowledgedWrite() throws Exception {
		ServiceProcess second = startSecondReplica();
		Session owner = Accounts.registerOrganization();
		String token = owner.accessToken();
		Accounts.call(token, HttpMethod.POST, "/api/v1/namespaces", Map.of("name", "failover")).expectStatus().isCreated();
		Path root = Path.of(System.getProperty("konfig.root", "..")).toAbsolutePath().normalize();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process load = new ProcessBuilder(java, root.resolve("bench/FailoverLoad.java").toString(),
				Suite.get().gatewayUrl(), token, "failover", "20", "8")
			.redirectErrorStream(true)
			.start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
			try {
				return new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return ex.toString();
			}
		});
		Thread.sleep(8000);
		second.kill();
		assertThat(load.waitFor(120, TimeUnit.SECONDS)).as("the load ends").isTrue();
		String figures = output.get(10, TimeUnit.SECONDS);
		System.out.println("kill -9 of one of two config-service replicas under load:\n" + figures);

		Matcher requests = REQUESTS.matcher(figures);
		Matcher acknowledged = ACKNOWLEDGED.matcher(figures);
		assertThat(requests.find()).as(figures).isTrue();
		assertThat(acknowledged.find()).as(figures).isTrue();
		assertThat(Long.parseLong(requests.group(1))).as("requests made").isGreaterThan(100);
		assertThat(Long.parseLong(requests.group(4))).as("failed reads").isZero();
		// Every write carries an Idempotency-Key, so one the killed replica was handling is repeated on
		// the other (config-service keeps the key in the write's transaction: it happens once). Only a
		// write cut after its answer began can still fail; before the keys, up to one per load worker
		// (8) in flight at the kill answered 503.
		assertThat(Long.parseLong(requests.group(5))).as("writes failed otherwise than with 503").isZero();
		assertThat(Long.parseLong(requests.group(6))).as("writes refused with 503").isLessThanOrEqualTo(2);
		assertThat(Long.parseLong(acknowledged.group(1))).as("acknowledged writes").isPositive();
		assertThat(Long.parseLong(acknowledged.group(2))).as("acknowledged writes missing").isZero();
		assertThat(load.exitValue()).isZero();
	}

	private static ServiceProcess startSecondReplica() throws Exception {
		ServiceProcess second = Suite.get().spare("config-service-2");
		second.start();
		second.awaitReady(Duration.ofMinutes(6));
		// The peers' readiness probes (every second) take it in.
		Thread.sleep(3000);
		return second;
	}

	private static List<?> events(String token) {
		return Accounts.gateway()
			.get()
			.uri("/api/v1/events?event_type=config.created&limit=200")
			.headers(headers -> headers.setBearerAuth(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static WebClient client(ServiceProcess replica, String token) {
		return WebClient.builder()
			.baseUrl(replica.url())
			.defaultHeaders(headers -> headers.setBearerAuth(token))
			.build();
	}

}

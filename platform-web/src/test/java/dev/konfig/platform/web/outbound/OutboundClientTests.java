package dev.konfig.platform.web.outbound;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import dev.konfig.platform.web.KonfigException;
import dev.konfig.platform.web.ProblemExceptionHandler;
import dev.konfig.platform.web.ServiceUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The outbound client against a real HTTP peer: breaker, retries and timeouts as configured. */
class OutboundClientTests {

	private final StubPeer peer = new StubPeer();

	private final List<OutboundClients> factories = new ArrayList<>();

	@AfterEach
	void stop() {
		this.peer.close();
		this.factories.forEach(OutboundClients::destroy);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 404, 409 })
	void clientErrorsNeverOpenTheBreakerAndReachTheCallerAsTheSameProblem(int status) {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, status, "refused by the peer"));
		OutboundClient client = client(Map.of());
		WebTestClient caller = callerOf(client);

		for (int i = 0; i < 25; i++) {
			caller.get()
				.uri("/widgets/{id}", i)
				.exchange()
				.expectStatus()
				.isEqualTo(status)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("refused by the peer");
		}

		assertThat(client.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(client.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
		// A GET is retried after a 5xx, but never after a 4xx: one request per call.
		assertThat(this.peer.hits()).isEqualTo(25);
	}

	@ParameterizedTest
	@ValueSource(ints = { 401, 403 })
	void aPeerRefusingThisServicesCredentialsIsUnavailableToTheCallerNotItsFault(int status) {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, status, "bad service token"));
		OutboundClient client = client(Map.of());
		WebTestClient caller = callerOf(client);

		for (int i = 0; i < 15; i++) {
			caller.get()
				.uri("/widgets/{id}", i)
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.detail")
				.value(detail -> assertThat((String) detail).doesNotContain("bad service token"));
		}

		assertThat(client.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.peer.hits()).isEqualTo(15);
	}

	@Test
	void aClientErrorTheCallerMapsItselfReachesItUnchanged() {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, 409, "taken"));
		OutboundClient client = client(Map.of());

		Throwable failure = catchThrowable(() -> client.protect(client.web()
			.post()
			.uri("/organizations")
			.retrieve()
			.onStatus(answer -> answer.value() == 409, answer -> Mono.error(new NameTakenException()))
			.bodyToMono(String.class)).block());

		assertThat(failure).isInstanceOf(NameTakenException.class);
		assertThat(client.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void serverErrorsOpenTheBreakerAndThenCallsFailFastWith503() {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, 500, "broken"));
		OutboundClient client = client(Map.of());

		for (int i = 0; i < 4; i++) {
			assertThat(catchThrowable(() -> get(client))).isInstanceOf(ServiceUnavailableException.class);
		}
		assertThat(client.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int reached = this.peer.hits();

		long started = System.nanoTime();
		Throwable refused = catchThrowable(() -> get(client));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(refused).isInstanceOf(ServiceUnavailableException.class);
		assertThat(((KonfigException) refused).status().value()).isEqualTo(503);
		assertThat(refused).hasMessageContaining("peer");
		assertThat(this.peer.hits()).isEqualTo(reached);
		assertThat(took).isLessThan(Duration.ofMillis(500));
	}

	@Test
	void anOpenBreakerAnswersA503ProblemToTheCaller() {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, 503, "down"));
		OutboundClient client = client(Map.of());
		WebTestClient caller = callerOf(client);
		for (int i = 0; i < 4; i++) {
			caller.get().uri("/widgets/1").exchange().expectStatus().isEqualTo(503);
		}
		int reached = this.peer.hits();

		caller.get()
			.uri("/widgets/1")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("peer is unavailable; try again shortly");
		assertThat(this.peer.hits()).isEqualTo(reached);
	}

	@Test
	void timeoutsOpenTheBreaker() {
		this.peer.answering((exchange, hit) -> StubPeer.slowly(exchange, 1_000));
		OutboundClient client = client(Map.of("response-timeout", "150ms"));

		for (int i = 0; i < 4; i++) {
			assertThat(catchThrowable(() -> get(client))).isInstanceOf(ServiceUnavailableException.class);
		}

		assertThat(client.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void theResponseTimeoutFromPropertiesIsHonoured() {
		this.peer.answering((exchange, hit) -> StubPeer.slowly(exchange, 3_000));
		OutboundClient client = client(Map.of("response-timeout", "300ms"));

		long started = System.nanoTime();
		Throwable failure = catchThrowable(() -> get(client));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(failure).isInstanceOf(ServiceUnavailableException.class);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofMillis(2_000));
	}

	@Test
	void theTimeLimitCutsACallThatOutlivesItsTimeouts() {
		// The peer answers headers at once but never finishes the body: no read is late for
		// the response timeout, so only the breaker's time limit ends the call.
		this.peer.answering((exchange, hit) -> {
			exchange.sendResponseHeaders(200, 1_000);
			exchange.getResponseBody().write('{');
			exchange.getResponseBody().flush();
			StubPeer.slowly(exchange, 3_000);
		});
		OutboundClient client = client(Map.of("breaker.time-limit", "400ms"));

		long started = System.nanoTime();
		Throwable failure = catchThrowable(() -> get(client));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(failure).isInstanceOf(ServiceUnavailableException.class);
		assertThat(took).isLessThan(Duration.ofMillis(2_000));
		assertThat(client.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void retriesAnIdempotentRequestAfterServerErrorsWithBackoff() {
		this.peer.answering((exchange, hit) -> {
			if (hit < 3) {
				StubPeer.problem(exchange, 503, "busy");
			}
			else {
				StubPeer.respond(exchange, 200, "{\"ok\":true}");
			}
		});
		OutboundClient client = client(Map.of("retry.max-retries", "2"));

		assertThat(get(client)).contains("ok");
		assertThat(this.peer.hits()).isEqualTo(3);
		assertThat(client.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void retriesAnIdempotentRequestAfterAConnectionFailure() {
		this.peer.answering((exchange, hit) -> {
			if (hit == 1) {
				// Closing without an answer: the client sees the connection drop.
				exchange.close();
				return;
			}
			StubPeer.respond(exchange, 200, "{\"ok\":true}");
		});
		OutboundClient client = client(Map.of("retry.max-retries", "2"));

		assertThat(get(client)).contains("ok");
		assertThat(this.peer.hits()).isEqualTo(2);
	}

	@Test
	void givesUpAfterTheLastRetryWithA503() {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, 502, "bad gateway"));
		OutboundClient client = client(Map.of("retry.max-retries", "2"));

		assertThat(catchThrowable(() -> get(client))).isInstanceOf(ServiceUnavailableException.class);
		assertThat(this.peer.hits()).isEqualTo(3);
		// Retries are one call to the breaker: one failure, not three.
		assertThat(client.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void neverRetriesAClientError() {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, 404, "no such widget"));
		OutboundClient client = client(Map.of("retry.max-retries", "3"));

		assertThat(catchThrowable(() -> get(client))).isInstanceOf(PeerRejectionException.class)
			.hasMessage("no such widget");
		assertThat(this.peer.hits()).isEqualTo(1);
	}

	@Test
	void neverRetriesAPost() {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, 503, "busy"));
		OutboundClient client = client(Map.of("retry.max-retries", "3"));

		assertThat(catchThrowable(() -> send(client, HttpMethod.POST))).isInstanceOf(ServiceUnavailableException.class);
		assertThat(this.peer.hits()).isEqualTo(1);
	}

	@Test
	void retriesPutAndDeleteOnlyWhereTheClientSaysSo() {
		this.peer.answering((exchange, hit) -> StubPeer.problem(exchange, 503, "busy"));
		OutboundClient byDefault = client(Map.of("retry.max-retries", "1"));
		assertThat(catchThrowable(() -> send(byDefault, HttpMethod.PUT))).isInstanceOf(ServiceUnavailableException.class);
		assertThat(catchThrowable(() -> send(byDefault, HttpMethod.DELETE)))
			.isInstanceOf(ServiceUnavailableException.class);
		assertThat(this.peer.hits()).isEqualTo(2);

		OutboundClient optedIn = client("opted-in",
				Map.of("retry.max-retries", "1", "retry.methods", "GET,PUT,DELETE"));
		assertThat(catchThrowable(() -> send(optedIn, HttpMethod.PUT))).isInstanceOf(ServiceUnavailableException.class);
		assertThat(catchThrowable(() -> send(optedIn, HttpMethod.DELETE)))
			.isInstanceOf(ServiceUnavailableException.class);
		assertThat(this.peer.hits()).isEqualTo(2 + 4);
	}

	@Test
	void aBulkheadRefusesCallsBeyondItsLimitAtOnce() {
		this.peer.answering((exchange, hit) -> StubPeer.slowly(exchange, 800));
		OutboundClient client = client(Map.of("max-concurrent-calls", "1"));

		Mono<String> first = get(client, "/slow");
		Mono<String> second = get(client, "/slow").delaySubscription(Duration.ofMillis(200));
		List<Object> outcomes = Mono
			.zip(first.map(Object.class::cast).onErrorResume(ex -> Mono.just(ex)),
					second.map(Object.class::cast).onErrorResume(ex -> Mono.just(ex)))
			.map(both -> List.of(both.getT1(), both.getT2()))
			.block(Duration.ofSeconds(10));

		assertThat(outcomes.get(0)).asString().contains("ok");
		assertThat(outcomes.get(1)).isInstanceOf(ServiceUnavailableException.class);
		assertThat(this.peer.hits()).isEqualTo(1);
	}

	@Test
	void aClientFallsBackToTheDefaultsThenToTheBuiltInSettings() {
		Map<String, String> properties = new HashMap<>();
		properties.put("konfig.http.defaults.response-timeout", "7s");
		properties.put("konfig.http.defaults.retry.max-retries", "1");
		properties.put("konfig.http.clients.tenant-service.base-url", "http://tenant:8082");
		properties.put("konfig.http.clients.tenant-service.retry.max-backoff", "3s");
		properties.put("konfig.http.clients.tenant-service.max-concurrent-calls", "200");
		OutboundProperties bound = new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("konfig.http", OutboundProperties.class);

		OutboundProperties.Settings tenant = bound.resolve("tenant-service");

		assertThat(tenant.baseUrl()).isEqualTo("http://tenant:8082");
		assertThat(tenant.responseTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(tenant.retry().maxRetries()).isEqualTo(1);
		assertThat(tenant.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(3));
		assertThat(tenant.retry().firstBackoff()).isEqualTo(OutboundProperties.BUILT_IN.retry().firstBackoff());
		assertThat(tenant.maxConcurrentCalls()).isEqualTo(200);
		assertThat(tenant.connectTimeout()).isEqualTo(OutboundProperties.BUILT_IN.connectTimeout());
		assertThat(tenant.breaker().slidingWindowSize()).isEqualTo(20);
		// Two attempts of 2s + 7s, and one backoff of at most 3s.
		assertThat(tenant.timeLimit()).isEqualTo(Duration.ofSeconds(21));
		assertThat(bound.resolve("anyone-else").baseUrl()).isNull();
		assertThat(bound.resolve("anyone-else").maxConcurrentCalls()).isZero();
	}

	@Test
	void refusesSettingsThatCannotWork() {
		OutboundProperties bound = new Binder(new MapConfigurationPropertySource(
				Map.of("konfig.http.clients.broken.retry.jitter", "1.5")))
			.bindOrCreate("konfig.http", OutboundProperties.class);

		assertThat(catchThrowable(() -> bound.resolve("broken"))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("konfig.http.clients.broken.retry.jitter");
	}

	@Test
	void theSameNameGivesTheSameClient() {
		OutboundClients clients = clients("peer", Map.of());

		assertThat(clients.client("peer")).isSameAs(clients.client("peer"));
		assertThat(clients.client("other")).isNotSameAs(clients.client("peer"));
	}

	private OutboundClient client(Map<String, String> settings) {
		return client("peer", settings);
	}

	private OutboundClient client(String name, Map<String, String> settings) {
		return clients(name, settings).client(name);
	}

	/**
	 * Clients of the stub peer with a small breaker (opens after 4 calls at 50 % failures),
	 * no retries unless the test asks for them, and the test's own settings on top.
	 */
	private OutboundClients clients(String name, Map<String, String> settings) {
		Map<String, String> properties = new HashMap<>();
		properties.put("konfig.http.defaults.retry.max-retries", "0");
		properties.put("konfig.http.defaults.retry.first-backoff", "20ms");
		properties.put("konfig.http.defaults.retry.max-backoff", "50ms");
		properties.put("konfig.http.defaults.breaker.sliding-window-size", "4");
		properties.put("konfig.http.defaults.breaker.minimum-number-of-calls", "4");
		properties.put("konfig.http.defaults.breaker.wait-in-open-state", "1m");
		properties.put("konfig.http.clients." + name + ".base-url", this.peer.baseUrl());
		settings.forEach((key, value) -> properties.put("konfig.http.clients." + name + "." + key, value));
		OutboundProperties bound = new Binder(new MapConfigurationPropertySource(properties))
			.bindOrCreate("konfig.http", OutboundProperties.class);
		OutboundClients clients = new OutboundClients(bound, WebClient.builder());
		this.factories.add(clients);
		return clients;
	}

	private static String get(OutboundClient client) {
		return get(client, "/widgets/1").block(Duration.ofSeconds(30));
	}

	private static Mono<String> get(OutboundClient client, String path) {
		return client.protect(client.web().get().uri(path).retrieve().bodyToMono(String.class));
	}

	private static String send(OutboundClient client, HttpMethod method) {
		return client.protect(client.web().method(method).uri("/widgets/1").retrieve().bodyToMono(String.class))
			.block(Duration.ofSeconds(30));
	}

	/** The calling service: a controller that asks the peer, behind the platform's problem handler. */
	private static WebTestClient callerOf(OutboundClient client) {
		return WebTestClient.bindToController(new WidgetController(client))
			.controllerAdvice(new ProblemExceptionHandler())
			.build();
	}

	@RestController
	static class WidgetController {

		private final OutboundClient peer;

		WidgetController(OutboundClient peer) {
			this.peer = peer;
		}

		@GetMapping("/widgets/{id}")
		Mono<String> widget(@PathVariable String id) {
			return this.peer.protect(this.peer.web().get().uri("/widgets/{id}", id).retrieve().bodyToMono(String.class));
		}

	}

	static class NameTakenException extends KonfigException {

		NameTakenException() {
			super("That name is taken");
		}

		@Override
		public HttpStatus status() {
			return HttpStatus.CONFLICT;
		}

	}

}

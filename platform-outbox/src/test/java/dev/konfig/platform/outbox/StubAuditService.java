package dev.konfig.platform.outbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A subscriber's ingestion (audit-service's, or any other) and auth-service's token endpoint, as a relay sees them. */
final class StubAuditService implements AutoCloseable {

	static final String TOKEN = "stub-service-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	/** Every call, successful or not, in arrival order. */
	final List<Call> calls = new CopyOnWriteArrayList<>();

	volatile int status = 200;

	volatile long delayMillis;

	/** When set, decides the answer to each batch instead of {@link #status}. */
	volatile java.util.function.ToIntFunction<List<JsonNode>> answers;

	StubAuditService() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/oauth2/token", exchange -> respond(exchange, 200,
				"{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"internal\"}"));
		this.server.createContext("/internal/events", this::events);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The events accepted (answered 2xx), in arrival order, with repeats. */
	List<JsonNode> acceptedEvents() {
		return this.calls.stream().filter(call -> call.status() < 300).flatMap(call -> call.events().stream()).toList();
	}

	/** Ids of the events audit-service accepted (answered 2xx), with repeats. */
	List<String> accepted() {
		return this.calls.stream()
			.filter(call -> call.status() < 300)
			.flatMap(call -> call.events().stream().map(event -> event.get("id").asString()))
			.toList();
	}

	private void events(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			JsonNode body = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			if (this.delayMillis > 0) {
				Thread.sleep(this.delayMillis);
			}
			List<JsonNode> events = new java.util.ArrayList<>();
			body.get("events").forEach(events::add);
			var decide = this.answers;
			int answer = (decide != null) ? decide.applyAsInt(events) : this.status;
			this.calls.add(new Call(System.nanoTime(), exchange.getRequestHeaders().getFirst("Authorization"),
					events, answer));
			respond(exchange, answer, "{}");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Call(long nanos, String authorization, List<JsonNode> events, int status) {
	}

}

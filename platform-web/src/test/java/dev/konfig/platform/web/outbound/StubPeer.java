package dev.konfig.platform.web.outbound;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A peer service on a real socket: answers every request as told, counting and recording
 * what arrived, so tests see how many attempts a call made and what they carried.
 */
final class StubPeer implements AutoCloseable {

	/** How the peer answers the n-th request (1-based). */
	@FunctionalInterface
	interface Answer {

		void answer(HttpExchange exchange, int hit) throws IOException;

	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicInteger hits = new AtomicInteger();

	final List<String> requests = new CopyOnWriteArrayList<>();

	final List<String> requestIds = new CopyOnWriteArrayList<>();

	private volatile Answer answer = (exchange, hit) -> respond(exchange, 200, "{\"ok\":true}");

	StubPeer() {
		this(0);
	}

	/** A peer on this port (0: any free one). */
	StubPeer(int port) {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	StubPeer answering(Answer answer) {
		this.answer = answer;
		return this;
	}

	/** Requests other than readiness probes that reached the peer so far. */
	long calls() {
		return this.requests.stream().filter(request -> !request.contains("/actuator/")).count();
	}

	/** Requests that reached the peer so far. */
	int hits() {
		return this.hits.get();
	}

	private void handle(HttpExchange exchange) {
		try (exchange) {
			int hit = this.hits.incrementAndGet();
			this.requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
			String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
			this.requestIds.add((requestId != null) ? requestId : "");
			exchange.getRequestBody().readAllBytes();
			this.answer.answer(exchange, hit);
		}
		catch (IOException ex) {
			// The client gave up (timeout) and closed the connection: nothing left to answer.
		}
	}

	static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	static void problem(HttpExchange exchange, int status, String detail) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
		byte[] bytes = ("{\"status\":" + status + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	static void slowly(HttpExchange exchange, long millis) throws IOException {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		respond(exchange, 200, "{\"ok\":true}");
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}

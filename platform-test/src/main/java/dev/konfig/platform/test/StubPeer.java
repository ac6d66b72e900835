package dev.konfig.platform.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A peer service over real HTTP (a stand-in for another service of the suite): each path (matched by prefix, longest
 * first) answers what the test set, computed from the request ({@code path}, {@code body} and
 * {@code authorization}); every call is recorded.
 */
public final class StubPeer {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final Map<String, Function<Map<String, Object>, Answer>> answers = new ConcurrentHashMap<>();

	public final List<String> calls = new CopyOnWriteArrayList<>();

	public StubPeer() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.createContext("/", this::handle);
		this.server.start();
		answer("/actuator/health/readiness", body -> new Answer(200, Map.of("status", "UP"), 0));
		answer("/oauth2/token", body -> new Answer(200,
				Map.of("access_token", "stub-service-token", "token_type", "Bearer", "expires_in", 300), 0));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public void answer(String pathPrefix, Function<Map<String, Object>, Answer> answer) {
		this.answers.put(pathPrefix, answer);
	}

	public boolean called(String pathPrefix) {
		return this.calls.stream().anyMatch(call -> call.contains(" " + pathPrefix));
	}

	@SuppressWarnings("unchecked")
	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			this.calls.add(exchange.getRequestMethod() + " " + path);
			byte[] raw = exchange.getRequestBody().readAllBytes();
			String type = exchange.getRequestHeaders().getFirst("Content-Type");
			Map<String, Object> body = (raw.length == 0 || type == null || !type.contains("json")) ? Map.of()
					: JSON.readValue(raw, Map.class);
			Function<Map<String, Object>, Answer> answer = this.answers.entrySet()
				.stream()
				.filter(entry -> path.startsWith(entry.getKey()))
				.max(java.util.Comparator.comparingInt(entry -> entry.getKey().length()))
				.map(Map.Entry::getValue)
				.orElse(request -> new Answer(404, Map.of("detail", "no stub for " + path), 0));
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			Answer chosen = answer.apply(Map.of("path", path, "body", body, "authorization",
					(authorization == null) ? "" : authorization));
			if (chosen.delayMillis() > 0) {
				try {
					Thread.sleep(chosen.delayMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			byte[] bytes = JSON.writeValueAsString(chosen.body()).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(chosen.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// The client gave up (a timeout under test); nothing to answer.
		}

	}

	/** What a path answers; {@code delayMillis} before answering. */
	public record Answer(int status, Object body, long delayMillis) {
	}

}

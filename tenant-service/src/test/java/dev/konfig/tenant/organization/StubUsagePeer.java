package dev.konfig.tenant.organization;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A service that counts an organization's things ({@code POST /internal/usage}), as
 * print-service and file-service will: it answers the item set for each organization asked about.
 */
public final class StubUsagePeer {

	private final HttpServer server;

	private final Map<String, String> items = new ConcurrentHashMap<>();

	private final AtomicInteger calls = new AtomicInteger();

	private StubUsagePeer(HttpServer server) {
		this.server = server;
	}

	static StubUsagePeer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			StubUsagePeer peer = new StubUsagePeer(server);
			server.createContext("/internal/usage", peer::usage);
			server.start();
			return peer;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The item (without {@code organization_id}, a JSON object's members) for this organization. */
	public void item(UUID organizationId, String members) {
		this.items.put(organizationId.toString(), members);
	}

	public int calls() {
		return this.calls.get();
	}

	private void usage(HttpExchange exchange) throws IOException {
		this.calls.incrementAndGet();
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		int status = (authorization != null && authorization.startsWith("Bearer stub-service-token-")) ? 200 : 401;
		String answer = this.items.entrySet()
			.stream()
			.filter(entry -> body.contains(entry.getKey()))
			.map(entry -> "{\"organization_id\":\"" + entry.getKey() + "\"," + entry.getValue() + "}")
			.collect(Collectors.joining(",", "{\"items\":[", "]}"));
		byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}

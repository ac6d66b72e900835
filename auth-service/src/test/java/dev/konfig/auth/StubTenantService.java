package dev.konfig.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * tenant-service's internal create and delete (all the registration saga uses), in memory,
 * recording every call. One instance serves all test classes that share a context; tests use
 * unique names and ids. The admin users view's name lookup answers from the same map; any other
 * call (such as a status lookup) answers 405, as auth-service must not make it.
 */
final class StubTenantService {

	private static final StubTenantService INSTANCE = new StubTenantService();

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	final Map<UUID, Map<String, Object>> organizations = new ConcurrentHashMap<>();

	final List<String> calls = new CopyOnWriteArrayList<>();

	/** The admin users view's name lookup answers 503 while this is set. */
	volatile boolean lookupDown;

	/** Runs before an organization is stored (to simulate what happens meanwhile). */
	volatile Consumer<Map<String, Object>> beforeCreate = body -> {
	};

	private StubTenantService() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/internal/organizations", this::handle);
		this.server.createContext("/internal/organizations/lookup", this::lookup);
		this.server.start();
	}

	static StubTenantService get() {
		return INSTANCE;
	}

	/** A stub of its own, for a test that stops it. */
	static StubTenantService start() {
		return new StubTenantService();
	}

	/** tenant-service is down from now on: its port refuses connections. */
	void stop() {
		this.server.stop(0);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	boolean called(String method, UUID id) {
		return this.calls.stream().anyMatch(call -> call.startsWith(method + " ") && call.contains(id.toString()));
	}

	UUID idOf(String name) {
		return this.organizations.entrySet()
			.stream()
			.filter(entry -> name.equals(entry.getValue().get("name")))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	@SuppressWarnings("unchecked")
	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization == null || !authorization.startsWith("Bearer ")) {
				respond(exchange, 401, Map.of("detail", "no token"));
				return;
			}
			String tail = path.substring("/internal/organizations".length());
			if (method.equals("POST") && tail.isEmpty()) {
				Map<String, Object> body = this.json.readValue(exchange.getRequestBody(), Map.class);
				UUID id = UUID.fromString((String) body.get("id"));
				this.calls.add("POST " + id + " " + body.get("name"));
				boolean taken = this.organizations.entrySet()
					.stream()
					.anyMatch(entry -> entry.getValue().get("name").equals(body.get("name")) && !entry.getKey().equals(id));
				if (taken) {
					respond(exchange, 409, Map.of("detail", "name taken"));
					return;
				}
				try {
					this.beforeCreate.accept(body);
				}
				catch (RuntimeException ex) {
					ex.printStackTrace();
					respond(exchange, 500, Map.of("detail", String.valueOf(ex)));
					return;
				}
				Map<String, Object> organization = new LinkedHashMap<>();
				organization.put("id", id.toString());
				organization.put("name", body.get("name"));
				organization.put("description", body.get("description"));
				organization.put("settings", Map.of("is_active", true));
				this.organizations.put(id, organization);
				respond(exchange, 201, organization);
				return;
			}
			UUID id = UUID.fromString(tail.substring(1));
			this.calls.add(method + " " + id);
			if (method.equals("DELETE")) {
				this.organizations.remove(id);
				exchange.sendResponseHeaders(204, -1);
			}
			else {
				respond(exchange, 405, Map.of("detail", "method"));
			}
		}
	}

	/** {@code POST /internal/organizations/lookup {ids}}: the known ones, {@code [{id, name, is_active}]}. */
	@SuppressWarnings("unchecked")
	private void lookup(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.calls.add("LOOKUP");
			if (this.lookupDown) {
				respond(exchange, 503, Map.of("detail", "down"));
				return;
			}
			Map<String, Object> body = this.json.readValue(exchange.getRequestBody(), Map.class);
			List<Map<String, Object>> found = ((List<String>) body.get("ids")).stream()
				.map(id -> this.organizations.get(UUID.fromString(id)))
				.filter(java.util.Objects::nonNull)
				.map(organization -> Map.<String, Object>of("id", organization.get("id"), "name", organization.get("name"),
						"is_active", true))
				.toList();
			respond(exchange, 200, found);
		}
	}

	private void respond(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}

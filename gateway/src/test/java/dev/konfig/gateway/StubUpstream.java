package dev.konfig.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for a service behind the gateway: a real HTTP server that answers every request
 * with what it received (method, path, query, headers, body), so tests see exactly what the
 * gateway forwarded. Acting as auth-service it also answers the API key exchange, counting
 * the calls per key.
 */
final class StubUpstream {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final StubUpstream auth = new StubUpstream();

	private static final StubUpstream tenant = new StubUpstream();

	private static final StubUpstream config = new StubUpstream();

	private static final StubUpstream audit = new StubUpstream();

	private static final StubUpstream file = new StubUpstream();

	private static final StubUpstream print = new StubUpstream();

	private final HttpServer server;

	private final Map<String, String> tokensByApiKey = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> exchangesByApiKey = new ConcurrentHashMap<>();

	private final Map<String, String> exchangeRequestIds = new ConcurrentHashMap<>();

	/** Memberships set by a test, per user id: organization id → role. */
	private final Map<String, Map<String, String>> membershipsByUser = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> membershipLookupsByUser = new ConcurrentHashMap<>();

	private volatile boolean membershipsFailing;

	/** Method and path of every request echoed (or cut), in arrival order. */
	final List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile boolean cutting;

	private StubUpstream() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/internal/api-keys/exchange", this::exchangeApiKey);
		this.server.createContext("/api/v1/auth/memberships", this::memberships);
		this.server.createContext("/", this::echo);
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.start();
	}

	/** One more upstream of its own, for tests of several replicas of a service. */
	static StubUpstream replica() {
		return new StubUpstream();
	}

	/** Makes every echoed request's connection close before any answer (true) or answer again. */
	void cutConnections(boolean cut) {
		this.cutting = cut;
	}

	void stop() {
		this.server.stop(0);
	}

	static StubUpstream auth() {
		return auth;
	}

	static StubUpstream tenant() {
		return tenant;
	}

	static StubUpstream config() {
		return config;
	}

	static StubUpstream audit() {
		return audit;
	}

	static StubUpstream file() {
		return file;
	}

	static StubUpstream print() {
		return print;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Makes auth-service accept this key, answering the token given. */
	void acceptApiKey(String apiKey, String accessToken) {
		this.tokensByApiKey.put(apiKey, accessToken);
	}

	String tokenOf(String apiKey) {
		return this.tokensByApiKey.get(apiKey);
	}

	/** The request id the gateway sent with the last exchange of this key. */
	String exchangeRequestIdOf(String apiKey) {
		return this.exchangeRequestIds.get(apiKey);
	}

	int exchangesOf(String apiKey) {
		AtomicInteger count = this.exchangesByApiKey.get(apiKey);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Sets what auth-service answers as this user's current memberships (organization id → role;
	 * empty: none). Users never set here get the organization and role their token names.
	 */
	void setMemberships(UUID userId, Map<UUID, String> roles) {
		Map<String, String> copy = new LinkedHashMap<>();
		roles.forEach((organization, role) -> copy.put(organization.toString(), role));
		this.membershipsByUser.put(userId.toString(), copy);
	}

	/** Makes the memberships endpoint answer 500 (true) or work again (false). */
	void failMemberships(boolean failing) {
		this.membershipsFailing = failing;
	}

	int membershipLookupsOf(UUID userId) {
		AtomicInteger count = this.membershipLookupsByUser.get(userId.toString());
		return (count != null) ? count.get() : 0;
	}

	/**
	 * auth-service's GET /api/v1/auth/memberships: the caller (read, unverified, from the relayed
	 * token) and its memberships.
	 */
	private void memberships(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			respond(exchange, 401, "application/problem+json", "{\"status\":401,\"title\":\"Unauthorized\"}");
			return;
		}
		String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
		Map<?, ?> claims = json.readValue(Base64.getUrlDecoder().decode(payload), Map.class);
		String user = String.valueOf(claims.get("sub"));
		this.membershipLookupsByUser.computeIfAbsent(user, key -> new AtomicInteger()).incrementAndGet();
		if (this.membershipsFailing) {
			respond(exchange, 500, "application/problem+json", "{\"status\":500,\"title\":\"Internal Server Error\"}");
			return;
		}
		Map<String, String> roles = this.membershipsByUser.getOrDefault(user,
				Map.of(String.valueOf(claims.get("org")), String.valueOf(claims.get("role"))));
		List<Map<String, String>> answer = new ArrayList<>();
		roles.forEach((organization, role) -> answer.add(Map.of("organization_id", organization, "role", role)));
		respond(exchange, 200, "application/json", json.writeValueAsString(answer));
	}

	private void exchangeApiKey(HttpExchange exchange) throws IOException {
		Map<?, ?> request = json.readValue(read(exchange.getRequestBody()), Map.class);
		String apiKey = String.valueOf(request.get("api_key"));
		this.exchangesByApiKey.computeIfAbsent(apiKey, key -> new AtomicInteger()).incrementAndGet();
		String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
		if (requestId != null) {
			this.exchangeRequestIds.put(apiKey, requestId);
		}
		String token = this.tokensByApiKey.get(apiKey);
		if (token == null) {
			respond(exchange, 401, "application/problem+json",
					"{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"invalid api key\"}");
			return;
		}
		respond(exchange, 200, "application/json", json.writeValueAsString(
				Map.of("access_token", token, "token_type", "Bearer", "expires_in", 300)));
	}

	private void echo(HttpExchange exchange) throws IOException {
		this.received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
		if (this.cutting) {
			exchange.close();
			return;
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>())
				.addAll(values));
		Map<String, Object> echo = new LinkedHashMap<>();
		echo.put("method", exchange.getRequestMethod());
		echo.put("path", exchange.getRequestURI().getRawPath());
		echo.put("query", exchange.getRequestURI().getRawQuery());
		echo.put("headers", headers);
		echo.put("body", read(exchange.getRequestBody()));
		// Like the services, which echo the request id they received.
		String requestId = exchange.getRequestHeaders().getFirst("X-Request-Id");
		if (requestId != null) {
			exchange.getResponseHeaders().set("X-Request-Id", requestId);
		}
		respond(exchange, 200, "application/json", json.writeValueAsString(echo));
	}

	private static String read(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.UTF_8);
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body)
			throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}

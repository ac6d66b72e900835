package dev.konfig.tenant.organization;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.konfig.platform.security.Role;

/**
 * auth-service as tenant-service sees it: memberships per bearer token, a client-credentials
 * token endpoint and the internal membership grant. Every call is recorded.
 */
public final class StubAuthService {

	private static final StubAuthService INSTANCE = new StubAuthService();

	private final HttpServer server;

	private final Map<String, String> membershipsByToken = new ConcurrentHashMap<>();

	private final Map<String, String> membersByOrganization = new ConcurrentHashMap<>();

	private final Set<String> failingTokens = ConcurrentHashMap.newKeySet();

	private final Set<String> slowTokens = ConcurrentHashMap.newKeySet();

	private final Set<String> refusedGrantUsers = ConcurrentHashMap.newKeySet();

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final AtomicInteger issuedTokens = new AtomicInteger();

	/** Runs while a grant is being answered, with its body (to look at what the caller committed). */
	volatile java.util.function.Consumer<String> duringGrant = body -> {
	};

	/** A request the stub received. */
	public record Call(String method, String path, String authorization, String body) {
	}

	private StubAuthService() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.createContext("/api/v1/auth/memberships", this::memberships);
		this.server.createContext("/oauth2/token", this::token);
		this.server.createContext("/internal/memberships", this::grant);
		this.server.createContext("/internal/usage", this::usage);
		// Several handler threads, so a deliberately slow answer holds up no other call.
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.start();
	}

	static StubAuthService get() {
		return INSTANCE;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The caller with this token belongs to these organizations. */
	void memberships(String token, Map<UUID, Role> roles) {
		this.membershipsByToken.put(token, roles.entrySet()
			.stream()
			.map(entry -> "{\"organization_id\":\"" + entry.getKey() + "\",\"role\":\"" + entry.getValue().claim()
					+ "\"}")
			.collect(Collectors.joining(",", "[", "]")));
	}

	/** {@code /internal/usage} answers this {@code members} section for the organization. */
	public void members(UUID organizationId, String membersJson) {
		this.membersByOrganization.put(organizationId.toString(), membersJson);
	}

	/** The caller with this token belongs to these organizations (for other packages' tests). */
	public void setMemberships(String token, Map<UUID, Role> roles) {
		memberships(token, roles);
	}

	/** Memberships of this token answer 500, as if auth-service were broken. */
	void failMembershipsOf(String token) {
		this.failingTokens.add(token);
	}

	/** Memberships of this token answer only after {@link #SLOW}, past the client's timeout. */
	void delayMembershipsOf(String token) {
		this.slowTokens.add(token);
	}

	static final long SLOW = 2_500;

	/** The internal grant for this user answers 500. */
	void refuseGrantsFor(UUID userId) {
		this.refusedGrantUsers.add(userId.toString());
	}

	public List<Call> calls(String path) {
		return this.calls.stream().filter(call -> call.path().equals(path)).toList();
	}

	/** The access tokens this stub has issued to clients. */
	public boolean issued(String bearer) {
		for (int n = 1; n <= this.issuedTokens.get(); n++) {
			if (bearer.equals("Bearer stub-service-token-" + n)) {
				return true;
			}
		}
		return false;
	}

	private Call record(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"), body);
		this.calls.add(call);
		return call;
	}

	private void memberships(HttpExchange exchange) throws IOException {
		Call call = record(exchange);
		String token = call.authorization() == null ? "" : call.authorization().replaceFirst("^Bearer ", "");
		if (this.slowTokens.contains(token)) {
			try {
				Thread.sleep(SLOW);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.failingTokens.contains(token)) {
			respond(exchange, 500, "{\"status\":500}");
			return;
		}
		String memberships = this.membershipsByToken.get(token);
		if (memberships == null) {
			respond(exchange, 401, "{\"status\":401}");
			return;
		}
		respond(exchange, 200, memberships);
	}

	/** Answers the organizations asked about that have a members section, as auth-service would. */
	private void usage(HttpExchange exchange) throws IOException {
		Call call = record(exchange);
		if (call.authorization() == null || !issued(call.authorization())) {
			respond(exchange, 401, "{\"status\":401}");
			return;
		}
		String items = this.membersByOrganization.entrySet()
			.stream()
			.filter(entry -> call.body().contains(entry.getKey()))
			.map(entry -> "{\"organization_id\":\"" + entry.getKey() + "\",\"members\":" + entry.getValue() + "}")
			.collect(Collectors.joining(",", "{\"items\":[", "]}"));
		respond(exchange, 200, items);
	}

	private void token(HttpExchange exchange) throws IOException {
		Call call = record(exchange);
		if (call.authorization() == null || !call.authorization().startsWith("Basic ")
				|| !call.body().contains("grant_type=client_credentials")) {
			respond(exchange, 401, "{\"error\":\"invalid_client\"}");
			return;
		}
		int n = this.issuedTokens.incrementAndGet();
		respond(exchange, 200, "{\"access_token\":\"stub-service-token-" + n
				+ "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"internal\"}");
	}

	private void grant(HttpExchange exchange) throws IOException {
		Call call = record(exchange);
		if (call.authorization() == null || !issued(call.authorization())) {
			respond(exchange, 401, "{\"status\":401}");
			return;
		}
		this.duringGrant.accept(call.body());
		if (this.refusedGrantUsers.stream().anyMatch(call.body()::contains)) {
			respond(exchange, 500, "{\"status\":500}");
			return;
		}
		respond(exchange, 201, call.body());
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}

package dev.konfig.print;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.konfig.platform.test.TestTokens;

/**
 * file-service, tenant-service and auth-service's token endpoint as print-service sees them,
 * on a real HTTP port: the files and shops the tests register, in their organizations. What the
 * stub answers is what those services answer (file-service's lookup and internal shapes).
 */
public final class PeerStub {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final PeerStub INSTANCE = new PeerStub();

	public final Map<UUID, Map<String, Object>> files = new ConcurrentHashMap<>();

	public final Map<UUID, byte[]> contents = new ConcurrentHashMap<>();

	public final Set<String> shops = ConcurrentHashMap.newKeySet();

	/** Files stored through {@code POST /internal/files} and not deleted since. */
	public final Set<UUID> stored = ConcurrentHashMap.newKeySet();

	private final DisposableServer server;

	private PeerStub() {
		this.server = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
			.post("/oauth2/token", (request, response) -> json(response.status(200),
					Map.of("access_token", TestTokens.get().service("print-service"), "token_type", "Bearer",
							"expires_in", 300, "scope", "internal")))
			.post("/api/v1/files/lookup", (request, response) -> request.receive().aggregate().asString().flatMap(body -> {
				UUID org = organization(request.requestHeaders().get("Authorization"));
				List<Object> items = new ArrayList<>();
				for (JsonNode id : JSON.readTree(body).path("ids").values()) {
					Map<String, Object> file = this.files.get(UUID.fromString(id.asString()));
					if (file != null && org.toString().equals(file.get("organization_id"))) {
						items.add(file);
					}
				}
				return json(response.status(200), Map.of("items", items, "missing", List.of())).then();
			}))
			.post("/internal/files", (request, response) -> request.receive().aggregate().asByteArray()
				.defaultIfEmpty(new byte[0]).flatMap(bytes -> {
				QueryStringDecoder query = new QueryStringDecoder(request.uri());
				UUID id = UUID.randomUUID();
				Map<String, Object> file = new LinkedHashMap<>();
				file.put("id", id.toString());
				file.put("organization_id", query.parameters().get("organization_id").get(0));
				file.put("file_type", query.parameters().get("file_type").get(0));
				file.put("status", "ready");
				file.put("filename", query.parameters().get("filename").get(0));
				file.put("file_size", bytes.length);
				file.put("mime_type", "image/png");
				file.put("metadata", JSON.readValue(query.parameters().get("metadata").get(0), Map.class));
				this.files.put(id, file);
				this.contents.put(id, bytes);
				this.stored.add(id);
				return json(response.status(201), file);
			}))
			.delete("/internal/files/{id}", (request, response) -> {
				UUID id = UUID.fromString(request.param("id"));
				this.files.remove(id);
				this.contents.remove(id);
				this.stored.remove(id);
				return response.status(HttpResponseStatus.NO_CONTENT).send();
			})
			.get("/internal/files/{id}/content", (request, response) -> {
				UUID id = UUID.fromString(request.param("id"));
				Map<String, Object> file = this.files.get(id);
				if (file == null || !request.uri().contains("organization_id=" + file.get("organization_id"))) {
					return response.status(HttpResponseStatus.NOT_FOUND).send();
				}
				return response.status(200)
					.header("Content-Type", "image/png")
					.header("ETag", "\"" + file.get("sha256") + "\"")
					.sendByteArray(Mono.just(this.contents.getOrDefault(id, new byte[0])));
			})
			.get("/internal/files/{id}", (request, response) -> {
				Map<String, Object> file = this.files.get(UUID.fromString(request.param("id")));
				if (file == null || !request.uri().contains("organization_id=" + file.get("organization_id"))) {
					return response.status(HttpResponseStatus.NOT_FOUND).send();
				}
				return json(response.status(200), file);
			})
			.get("/api/v1/organizations/{org}/shops/{id}", (request, response) -> {
				UUID org = organization(request.requestHeaders().get("Authorization"));
				String key = request.param("org") + "/" + request.param("id");
				if (!org.toString().equals(request.param("org")) || !this.shops.contains(key)) {
					return response.status(HttpResponseStatus.NOT_FOUND).send();
				}
				return json(response.status(200), Map.of("id", request.param("id")));
			})).bindNow();
	}

	public static PeerStub get() {
		return INSTANCE;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** A ready PNG design of the organization with its pixel size and DPI. */
	public UUID file(UUID organization, int widthPx, int heightPx, int dpi) {
		return file(organization, "ready", "image/png", widthPx, heightPx, dpi);
	}

	public UUID file(UUID organization, String status, String mimeType, int widthPx, int heightPx, int dpi) {
		UUID id = UUID.randomUUID();
		Map<String, Object> image = new LinkedHashMap<>();
		image.put("width_px", widthPx);
		image.put("height_px", heightPx);
		image.put("dpi_x", dpi);
		image.put("dpi_y", dpi);
		Map<String, Object> file = new LinkedHashMap<>();
		file.put("id", id.toString());
		file.put("organization_id", organization.toString());
		file.put("file_type", "design");
		file.put("status", status);
		file.put("filename", "design-" + id + ".png");
		file.put("file_size", 1234);
		file.put("mime_type", mimeType);
		file.put("sha256", "ab".repeat(32));
		file.put("image", image);
		this.files.put(id, file);
		this.contents.put(id, ("png bytes of " + id).getBytes(StandardCharsets.UTF_8));
		return id;
	}

	/** A ready PNG design of the organization with these bytes (a real image). */
	public UUID design(UUID organization, byte[] png, int widthPx, int heightPx, int dpi) {
		UUID id = file(organization, widthPx, heightPx, dpi);
		this.contents.put(id, png);
		return id;
	}

	public UUID shop(UUID organization) {
		UUID id = UUID.randomUUID();
		this.shops.add(organization + "/" + id);
		return id;
	}

	private static UUID organization(String authorization) {
		String token = authorization.substring("Bearer ".length());
		String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		return UUID.fromString(JSON.readTree(payload).path("org").asString());
	}

	private static Mono<Void> json(reactor.netty.http.server.HttpServerResponse response, Object body) {
		return response.header("Content-Type", "application/json")
			.sendString(Mono.just(JSON.writeValueAsString(body)))
			.then();
	}

}

package dev.konfig.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.test.OutboxRows;
import dev.konfig.platform.test.StubPeer;
import dev.konfig.platform.test.TestDatabase;
import dev.konfig.platform.test.TestTokens;

/**
 * The one context every integration test class shares: the real service on a random port, the
 * real PostgreSQL (schema {@code file}), a real directory as the storage root, and real RS256
 * tokens. Each test works in an organization of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
public abstract class FileIntegrationTest {

	protected static final TestTokens tokens = TestTokens.get();

	/** The largest file the tests' service accepts. */
	protected static final int MAX_SIZE = 8 * 1024 * 1024;

	protected static final Path ROOT = temporaryRoot();

	/** Where imported files may be referenced from (the old system's NAS stand-in). */
	protected static final Path REFERENCE_ROOT = temporaryRoot();

	/** auth-service as the platform-admin writes ask it: the users in this set are admins now. */
	protected static final StubPeer auth = new StubPeer();

	protected static final java.util.Set<String> platformAdmins = java.util.concurrent.ConcurrentHashMap.newKeySet();

	static {
		auth.answer("/internal/users/", request -> {
			String user = ((String) request.get("path")).split("/")[3];
			return new StubPeer.Answer(200, Map.of("user_id", user, "is_platform_admin", platformAdmins.contains(user)), 0);
		});
	}

	@Autowired
	protected WebTestClient http;

	@LocalServerPort
	protected int port;

	/** Downloads in tests are larger than the service's own limit for JSON bodies. */
	@BeforeEach
	void readLargeBodies() {
		this.http = this.http.mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(2 * MAX_SIZE))
			.build();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, "file");
		TestTokens.register(registry);
		OutboxRows.keepPending(registry);
		registry.add("konfig.security.client.token-uri", () -> auth.baseUrl() + "/oauth2/token");
		registry.add("konfig.http.clients.auth-service.base-url", auth::baseUrl);
		registry.add("konfig.file.storage-root", ROOT::toString);
		registry.add("konfig.file.imports.reference-root", REFERENCE_ROOT::toString);
		registry.add("konfig.file.max-size", () -> MAX_SIZE + "B");
		registry.add("konfig.file.min-free-bytes", () -> "1MB");
		registry.add("konfig.file.idle-timeout", () -> "2s");
		registry.add("konfig.file.max-concurrent-uploads-per-organization", () -> "32");
		// The sweeps run when a test asks, not on their own.
		registry.add("konfig.file.sweep-interval", () -> "1h");
		registry.add("konfig.file.orphan-sweep-interval", () -> "24h");
	}

	private static Path temporaryRoot() {
		try {
			return Files.createTempDirectory("file-service-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	protected static UUID organization() {
		return UUID.randomUUID();
	}

	protected static String user(UUID organization, Role role) {
		return tokens.user(UUID.randomUUID(), organization, role);
	}

	protected static String member(UUID organization) {
		return user(organization, Role.MEMBER);
	}

	protected static String apiKey(UUID organization, String... scopes) {
		return tokens.apiKey(UUID.randomUUID(), organization, scopes);
	}

	protected static String service() {
		return tokens.service("print-service");
	}

	/** A raw upload. */
	protected WebTestClient.ResponseSpec upload(String token, String fileType, String filename, byte[] bytes) {
		return this.http.post()
			.uri(builder -> builder.path("/api/v1/files")
				.queryParam("file_type", fileType)
				.queryParam("filename", "{name}")
				.build(filename))
			.headers(headers -> headers.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.bodyValue(bytes)
			.exchange();
	}

	/** A multipart upload with the given fields before the file part. */
	protected WebTestClient.ResponseSpec uploadForm(String token, String filename, byte[] bytes,
			Map<String, String> fields) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		fields.forEach(form::part);
		form.part("file", new ByteArrayResource(bytes) {

			@Override
			public String getFilename() {
				return filename;
			}

		}).contentType(MediaType.IMAGE_PNG);
		return this.http.post()
			.uri("/api/v1/files")
			.headers(headers -> headers.setBearerAuth(token))
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

	/** Uploads and returns the answer's body (201 expected). */
	@SuppressWarnings("unchecked")
	protected Map<String, Object> stored(String token, String fileType, String filename, byte[] bytes) {
		return upload(token, fileType, filename, bytes).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	protected static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Every regular file under the organization's directory of the storage root. */
	protected static List<Path> blobsOf(UUID organization) {
		Path directory = ROOT.resolve(organization.toString());
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Temporary files left under the root. */
	protected static List<Path> temporaryFiles() {
		try (Stream<Path> files = Files.list(ROOT.resolve(".tmp"))) {
			return files.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One number from the database. */
	protected static long number(String sql, Object... values) {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				statement.setObject(i + 1, values[i]);
			}
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next() ? rows.getLong(1) : 0;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static void execute(String sql, Object... values) {
		try (Connection connection = TestDatabase.get().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				statement.setObject(i + 1, values[i]);
			}
			statement.execute();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The organization's usage row: used, reserved, file count, reserved files. */
	protected static long[] usage(UUID organization) {
		return new long[] {
				number("SELECT COALESCE(sum(used_bytes), 0) FROM file.org_usage WHERE organization_id = ?", organization),
				number("SELECT COALESCE(sum(reserved_bytes), 0) FROM file.org_usage WHERE organization_id = ?",
						organization),
				number("SELECT COALESCE(sum(file_count), 0) FROM file.org_usage WHERE organization_id = ?", organization),
				number("SELECT COALESCE(sum(reserved_files), 0) FROM file.org_usage WHERE organization_id = ?",
						organization) };
	}

	protected static void setQuota(UUID organization, long quotaBytes) {
		execute("INSERT INTO file.org_usage (organization_id, quota_bytes) VALUES (?, ?) "
				+ "ON CONFLICT (organization_id) DO UPDATE SET quota_bytes = EXCLUDED.quota_bytes", organization,
				quotaBytes);
	}

}

package dev.konfig.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.konfig.platform.test.TestDatabase;

/**
 * The whole suite started once per test run: every service as a real process on free ports,
 * against a database of its own that starts empty. Tests talk to the gateway only; they reach
 * a service directly only to show it refuses calls without a token.
 */
final class Suite {

	/** How long the gateway caches an API-key exchange in these tests: the revocation bound. */
	static final Duration API_KEY_CACHE_TTL = Duration.ofSeconds(2);

	/** The key that encrypts auth-service's signing keys at rest in these tests. */
	static final String KEY_ENCRYPTION_KEY = Base64.getEncoder()
		.encodeToString("e2e-key-encryption-key-32-bytes!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

	/** Listed in KONFIG_AUTH_PLATFORM_ADMINS: whoever registers with it is a platform administrator. */
	static final String PLATFORM_ADMIN_EMAIL = "platform-admin@e2e.example.com";

	private static final Duration STARTUP = Duration.ofMinutes(6);

	private static Suite instance;

	private final TestDatabase database;

	private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

	/**
	 * Replicas the suite knows but does not start: their ports are in their service's URL list from
	 * the start, so the gateway and the services balance over them once a test starts them.
	 */
	private final Map<String, ServiceProcess> spares = new LinkedHashMap<>();

	/** file-service's storage root in this run. */
	private final Path fileRoot;

	/** A directory standing in for the print back office's NAS, beside the storage root. */
	private final Path nasRoot;

	private Suite() throws Exception {
		// A run beside another (another checkout on the same server) names its own database.
		this.database = TestDatabase.fresh(System.getProperty("konfig.e2e.database", "konfig_e2e"));
		Path root = Path.of(System.getProperty("konfig.root", "..")).toAbsolutePath().normalize();
		Path logs = root.resolve("e2e-tests/target/e2e-logs");
		int gatewayPort = freePort();
		int authPort = freePort();
		int tenantPort = freePort();
		int configPort = freePort();
		int secondConfigPort = freePort();
		int auditPort = freePort();
		int filePort = freePort();
		int printPort = freePort();
		Map<String, String> env = new HashMap<>();
		env.put("KONFIG_DB_HOST", this.database.host());
		env.put("KONFIG_DB_PORT", Integer.toString(this.database.port()));
		env.put("KONFIG_DB_NAME", this.database.database());
		env.put("KONFIG_DB_USER", this.database.user());
		env.put("KONFIG_DB_PASSWORD", this.database.password());
		// Seven processes share one PostgreSQL (100 connections by default) with the tests' own
		// connections: a pool of 8 each keeps the whole suite well inside it.
		env.put("SPRING_R2DBC_POOL_MAXSIZE", "8");
		env.put("KONFIG_AUTH_URL", "http://127.0.0.1:" + authPort);
		env.put("KONFIG_TENANT_URL", "http://127.0.0.1:" + tenantPort);
		env.put("KONFIG_CONFIG_URL", "http://127.0.0.1:" + configPort + ",http://127.0.0.1:" + secondConfigPort);
		env.put("KONFIG_AUDIT_URL", "http://127.0.0.1:" + auditPort);
		env.put("KONFIG_FILE_URL", "http://127.0.0.1:" + filePort);
		env.put("KONFIG_PRINT_URL", "http://127.0.0.1:" + printPort);
		// file-service's storage root: a directory of this run; little free space kept, and room
		// for the concurrent upload tests.
		this.fileRoot = Files.createTempDirectory("konfig-e2e-files");
		env.put("KONFIG_FILE_STORAGE_ROOT", this.fileRoot.toString());
		// The importer's --reference links files of the NAS stand-in into the storage root.
		this.nasRoot = Files.createTempDirectory("konfig-e2e-nas");
		env.put("KONFIG_FILE_IMPORTS_REFERENCE_ROOT", this.nasRoot.toString());
		env.put("KONFIG_FILE_MIN_FREE_BYTES", "1MB");
		env.put("KONFIG_FILE_MAX_CONCURRENT_UPLOADS_PER_ORGANIZATION", "32");
		env.put("KONFIG_TENANT_CLIENT_SECRET", "e2e-tenant-secret");
		env.put("KONFIG_AUTH_KEY_ENCRYPTION_KEY", KEY_ENCRYPTION_KEY);
		env.put("KONFIG_API_KEY_CACHE_TTL", API_KEY_CACHE_TTL.toSeconds() + "s");
		env.put("KONFIG_AUTH_PLATFORM_ADMINS", PLATFORM_ADMIN_EMAIL);
		// Every test request comes from one address: the gateway's rate limits stay far above what
		// the tests send, in budgets of this run's own (the machine's Redis is shared).
		env.put("KONFIG_RATE_LIMIT_KEY_PREFIX", "e2e-" + UUID.randomUUID());
		// The same for auth-service's throttle of failed sign-ins and invitation accepts per address:
		// the bad-input corpus fails many on purpose (the per-account limits stay as they are).
		env.put("KONFIG_AUTH_THROTTLE_ADDRESS_LIMIT", "100000");
		for (String budget : List.of("API_KEY", "USER", "ADDRESS")) {
			env.put("KONFIG_RATE_LIMIT_" + budget + "_RATE", "100000");
			env.put("KONFIG_RATE_LIMIT_" + budget + "_BURST", "1000000");
			env.put("KONFIG_RATE_LIMIT_" + budget + "_COST", "1");
		}
		add(root, logs, "tenant-service", tenantPort, env);
		add(root, logs, "auth-service", authPort, env);
		add(root, logs, "config-service", configPort, env);
		add(root, logs, "audit-service", auditPort, env);
		add(root, logs, "file-service", filePort, env);
		add(root, logs, "print-service", printPort, env);
		add(root, logs, "gateway", gatewayPort, env);
		this.spares.put("config-service-2", new ServiceProcess("config-service-2",
				root.resolve("config-service/target/config-service.jar"), secondConfigPort,
				logs.resolve("config-service-2.log"), env));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			this.spares.values().forEach(ServiceProcess::stop);
			this.services.values().forEach(ServiceProcess::stop);
		}));
		for (ServiceProcess service : this.services.values()) {
			service.start();
		}
		List<CompletableFuture<Void>> ready = this.services.values()
			.stream()
			.map(service -> CompletableFuture.runAsync(() -> awaitReady(service)))
			.toList();
		CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
	}

	static synchronized Suite get() {
		if (instance == null) {
			try {
				instance = new Suite();
			}
			catch (Exception ex) {
				throw new IllegalStateException("The suite did not start", ex);
			}
		}
		return instance;
	}

	String gatewayUrl() {
		return this.services.get("gateway").url();
	}

	ServiceProcess service(String name) {
		return this.services.get(name);
	}

	/** A replica that runs only once a test starts it ({@code config-service-2}). */
	ServiceProcess spare(String name) {
		return this.spares.get(name);
	}

	TestDatabase database() {
		return this.database;
	}

	Path nasRoot() {
		return this.nasRoot;
	}

	Path fileRoot() {
		return this.fileRoot;
	}

	/** Starts a stopped service again and waits until it is ready. */
	void restart(String name) throws IOException, InterruptedException {
		ServiceProcess service = this.services.get(name);
		service.start();
		service.awaitReady(STARTUP);
	}

	private void add(Path root, Path logs, String name, int port, Map<String, String> env) {
		this.services.put(name, new ServiceProcess(name, root.resolve(name + "/target/" + name + ".jar"), port,
				logs.resolve(name + ".log"), env));
	}

	private static void awaitReady(ServiceProcess service) {
		try {
			service.awaitReady(STARTUP);
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(service.name() + " did not become ready", ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

}

package dev.konfig.importer;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;

import dev.konfig.platform.security.KonfigSecurityProperties;
import dev.konfig.platform.security.ServiceCredentials;
import dev.konfig.platform.web.outbound.OutboundClient;
import dev.konfig.platform.web.outbound.OutboundClients;
import dev.konfig.platform.web.outbound.OutboundProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running suite as the importer sees it: each service's internal import endpoints, called
 * as the service client {@code importer} (client credentials from auth-service, scope
 * {@code internal}) through the platform's outbound clients. 201 is imported, 200 already
 * there, any other 4xx refused with the problem's detail; anything else stops the run.
 */
public final class SuiteTarget implements AutoCloseable {

	public static final String CLIENT_ID = "importer";

	static final String AUTH = "auth-service";

	static final String TENANT = "tenant-service";

	static final String CONFIG = "config-service";

	static final String PRINT = "print-service";

	static final String FILE = "file-service";

	static final String AUDIT = "audit-service";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The platform's outbound settings, but for a batch job: a service slow under load is waited
	 * for (60 s per attempt, not 5 s), and POSTs are retried like reads (3 times, backing off up to
	 * 5 s), since every import endpoint is idempotent by the item's kept id: an item whose answer
	 * was lost is found there on the retry.
	 */
	static final OutboundProperties IMPORT_SETTINGS = new OutboundProperties(new OutboundProperties.Settings(null,
			null, Duration.ofSeconds(60), null, null,
			new OutboundProperties.Retry(3, Duration.ofMillis(500), Duration.ofSeconds(5), 0.5,
					Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.POST)),
			null), null);

	private final OutboundClients clients;

	private final Map<String, String> baseUrls;

	private final ServiceCredentials credentials;

	private final boolean dryRun;

	SuiteTarget(OutboundClients clients, Map<String, String> baseUrls, ServiceCredentials credentials,
			boolean dryRun) {
		this.clients = clients;
		this.baseUrls = baseUrls;
		this.credentials = credentials;
		this.dryRun = dryRun;
	}

	/**
	 * The services at {@code KONFIG_AUTH_URL}, {@code KONFIG_TENANT_URL}, {@code KONFIG_CONFIG_URL},
	 * {@code KONFIG_PRINT_URL}, {@code KONFIG_FILE_URL} and {@code KONFIG_AUDIT_URL} (the same
	 * defaults as the services'), as client {@code importer} with the secret in
	 * {@code KONFIG_IMPORTER_CLIENT_SECRET}. The outbound clients have the platform's settings
	 * but {@link #IMPORT_SETTINGS}; requests name absolute URLs.
	 */
	public static SuiteTarget fromEnvironment(Map<String, String> environment, boolean dryRun) {
		String auth = trimmed(environment.getOrDefault("KONFIG_AUTH_URL", "http://localhost:8081"));
		Map<String, String> baseUrls = Map.of(AUTH, auth, TENANT,
				trimmed(environment.getOrDefault("KONFIG_TENANT_URL", "http://localhost:8082")), CONFIG,
				trimmed(environment.getOrDefault("KONFIG_CONFIG_URL", "http://localhost:8083")), PRINT,
				trimmed(environment.getOrDefault("KONFIG_PRINT_URL", "http://localhost:8084")), FILE,
				trimmed(environment.getOrDefault("KONFIG_FILE_URL", "http://localhost:8085")), AUDIT,
				trimmed(environment.getOrDefault("KONFIG_AUDIT_URL", "http://localhost:8086")));
		OutboundClients clients = OutboundClients.withSettings(IMPORT_SETTINGS);
		KonfigSecurityProperties.Client client = new KonfigSecurityProperties.Client(CLIENT_ID,
				environment.getOrDefault("KONFIG_IMPORTER_CLIENT_SECRET", "dev-importer-secret"),
				auth + "/oauth2/token");
		return new SuiteTarget(clients, baseUrls,
				new ServiceCredentials(client, clients.client(ServiceCredentials.OUTBOUND_CLIENT).web()), dryRun);
	}

	private static String trimmed(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	public boolean dryRun() {
		return this.dryRun;
	}

	public Outcome organization(Map<String, Object> body) {
		return post(TENANT, "/internal/organizations", body);
	}

	public Outcome user(Map<String, Object> body) {
		return post(AUTH, "/internal/import/users", body);
	}

	public Outcome apiKey(Map<String, Object> body) {
		return post(AUTH, "/internal/import/api-keys", body);
	}

	public Outcome namespace(Map<String, Object> body) {
		return post(CONFIG, "/internal/import/namespaces", body);
	}

	public Outcome config(Map<String, Object> body) {
		return post(CONFIG, "/internal/import/configs", body);
	}

	public Outcome shop(Map<String, Object> body) {
		return post(TENANT, "/internal/import/shops", body);
	}

	public Outcome printer(Map<String, Object> body) {
		return post(PRINT, "/internal/import/printers", body);
	}

	public Outcome canvasConfig(Map<String, Object> body) {
		return post(PRINT, "/internal/import/canvas-configs", body);
	}

	public Outcome printJob(Map<String, Object> body) {
		return post(PRINT, "/internal/import/print-jobs", body);
	}

	/**
	 * What file-service did with a file, and the id of the suite's file that holds its bytes
	 * (another file's when the organization had the same bytes already); null when refused.
	 */
	public record FileOutcome(Outcome outcome, UUID fileId, JsonNode facts) {
	}

	/** {@code --copy}: the file's bytes, streamed from disk, with its fields as query parameters. */
	public FileOutcome copyFile(Map<String, Object> fields, Path file) {
		StringBuilder query = new StringBuilder();
		fields.forEach((name, value) -> {
			if (value != null) {
				query.append(query.isEmpty() ? "?" : "&")
					.append(name)
					.append('=')
					.append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
			}
		});
		String path = "/internal/import/files" + query;
		Answer answer = exchange(FILE, path + (this.dryRun ? "&dry_run=true" : ""), MediaType.APPLICATION_OCTET_STREAM,
				BodyInserters.fromResource(new FileSystemResource(file)));
		return fileOutcome(answer, outcome(FILE, path, answer));
	}

	/** {@code --reference}: the file's path under the files root, which file-service links. */
	public FileOutcome referenceFile(Map<String, Object> body) {
		String path = "/internal/import/files/reference";
		Answer answer = exchange(FILE, path + (this.dryRun ? "?dry_run=true" : ""), MediaType.APPLICATION_JSON,
				BodyInserters.fromValue(JSON.writeValueAsString(body)));
		return fileOutcome(answer, outcome(FILE, path, answer));
	}

	private static FileOutcome fileOutcome(Answer answer, Outcome outcome) {
		if (outcome.refused()) {
			return new FileOutcome(outcome, null, null);
		}
		JsonNode result = JSON.readTree(answer.body());
		String holder = result.path("duplicate_of").asString(result.path("id").asString());
		return new FileOutcome(outcome, UUID.fromString(holder), result);
	}

	/**
	 * Audit events, in one batch, to audit-service's ingestion (the outbox relays' endpoint): the
	 * number it stored; the rest it had already. A dry run sends nothing (the ingestion has no dry
	 * run) and counts every event as new.
	 */
	public int auditEvents(List<Map<String, Object>> events) {
		if (this.dryRun) {
			return events.size();
		}
		String path = "/internal/events";
		Answer answer = exchange(AUDIT, path, MediaType.APPLICATION_JSON,
				BodyInserters.fromValue(JSON.writeValueAsString(Map.of("events", events))));
		Outcome outcome = outcome(AUDIT, path, answer);
		if (outcome.refused()) {
			throw new ImportStoppedException("audit-service refused a batch of events: " + outcome.reason());
		}
		return JSON.readTree(answer.body()).path("stored").asInt();
	}

	private record Answer(int status, String body) {
	}

	private Outcome post(String service, String path, Map<String, Object> body) {
		Answer answer = exchange(service, path + (this.dryRun ? "?dry_run=true" : ""), MediaType.APPLICATION_JSON,
				BodyInserters.fromValue(JSON.writeValueAsString(body)));
		return outcome(service, path, answer);
	}

	private Answer exchange(String service, String pathAndQuery, MediaType type,
			BodyInserter<?, ? super ClientHttpRequest> body) {
		OutboundClient client = this.clients.client(service);
		String uri = this.baseUrls.get(service) + pathAndQuery;
		Answer answer;
		try {
			answer = client.protect(this.credentials.token()
				.flatMap(token -> client.web()
					.post()
					.uri(URI.create(uri))
					.headers(headers -> headers.setBearerAuth(token))
					.contentType(type)
					.body(body)
					.exchangeToMono(response -> response.bodyToMono(String.class)
						.defaultIfEmpty("")
						.map(text -> new Answer(response.statusCode().value(), text)))))
				.block();
		}
		catch (RuntimeException ex) {
			throw new ImportStoppedException(service + " could not be reached (" + ex.getMessage() + ")", ex);
		}
		if (answer == null) {
			throw new ImportStoppedException(service + " gave no answer");
		}
		return answer;
	}

	private static Outcome outcome(String service, String path, Answer answer) {
		if (answer.status() == 201) {
			return Outcome.IMPORTED;
		}
		if (answer.status() == 200) {
			return Outcome.ALREADY_THERE;
		}
		if (answer.status() == 401 || answer.status() == 403) {
			throw new ImportStoppedException(service + " refused the importer's credentials (HTTP " + answer.status()
					+ "): check KONFIG_IMPORTER_CLIENT_SECRET");
		}
		if ((answer.status() >= 400 && answer.status() < 500) || answer.status() == 507) {
			return Outcome.refused(problem(answer));
		}
		throw new ImportStoppedException(service + " answered HTTP " + answer.status() + " to " + path);
	}

	/** The problem's detail and field errors, in one line. */
	private static String problem(Answer answer) {
		try {
			JsonNode problem = JSON.readTree(answer.body());
			StringBuilder text = new StringBuilder(problem.path("detail").asString("HTTP " + answer.status()));
			for (JsonNode error : problem.path("errors")) {
				text.append("; ").append(error.path("field").asString()).append(": ")
					.append(error.path("message").asString());
			}
			return text.toString();
		}
		catch (RuntimeException ex) {
			return "HTTP " + answer.status();
		}
	}

	@Override
	public void close() {
		try {
			this.clients.destroy();
		}
		catch (Exception ex) {
			// Closing pools at the end of a command cannot fail in a way anyone can act on.
		}
	}

}

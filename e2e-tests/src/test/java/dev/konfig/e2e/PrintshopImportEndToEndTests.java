package dev.konfig.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.konfig.importer.Importer;
import dev.konfig.importer.printshop.PrintshopLegacyDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.konfig.e2e.SuiteRows.ids;
import static dev.konfig.e2e.SuiteRows.number;
import static dev.konfig.e2e.SuiteRows.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/suite import printshop} against the running suite: a print back office database
 * (written by the test) with its files in a directory standing in for the NAS is imported, and
 * then, through the gateway, users sign in with their old passwords (each organization with an
 * owner), shops, files (byte for byte, with image facts), printers, canvas configs and jobs with
 * their history are there, and the events are in the audit trail marked imported. A dry run
 * before writes nothing; a missing file, a printer 520 in wide and a duplicate shop are
 * reported with their rows and leave nothing; a second run imports nothing.
 */
class PrintshopImportEndToEndTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static PrintshopLegacyDatabase.Data shop;

	@BeforeAll
	static void printshopDatabase() throws Exception {
		shop = PrintshopLegacyDatabase.create("printshop_legacy_import_e2e", Suite.get().nasRoot(), 16, 3, 3, 4, 20,
				PrintshopLegacyDatabase.Faults.all());
	}

	@Test
	void importsThePrintBackOfficeOnceAndEverythingIsThere() throws Exception {
		Run dryRun = importPrintshop(shop, "--copy", "--dry-run");
		assertThat(dryRun.report()).contains("dry run: nothing was written");
		assertThat(dryRun.status()).as(dryRun.report()).isEqualTo(1);
		assertNothingWritten();

		Run first = importPrintshop(shop, "--copy");
		assertThat(first.status()).as(first.report()).isEqualTo(1);
		int jobs = shop.jobs().size() - 1;
		assertThat(first.report()).containsPattern("organizations\\s+2\\s+0\\s+0")
			.containsPattern("users\\s+5\\s+0\\s+0")
			.containsPattern("shops\\s+4\\s+0\\s+1")
			.containsPattern("files\\s+6\\s+0\\s+1")
			.containsPattern("printers\\s+4\\s+0\\s+1")
			.containsPattern("canvas_configs\\s+4\\s+0\\s+0")
			.containsPattern("print_jobs\\s+" + jobs + "\\s+0\\s+1")
			.containsPattern("events\\s+20\\s+0\\s+0");
		// The dry run said the same, before anything existed.
		assertThat(dryRun.report()).containsPattern("users\\s+5\\s+0\\s+0")
			.containsPattern("print_jobs\\s+" + jobs + "\\s+0\\s+1");

		// Refused rows are named with the reason, and nothing of them is there.
		assertThat(first.report()).contains("refused shops '" + shop.duplicateShop().name() + "' ("
				+ shop.duplicateShop().id() + "): duplicate shop")
			.contains("refused files 'lost.png' at " + shop.missingFile().path() + " (" + shop.missingFile().id()
					+ "): no file at")
			.containsPattern("refused printers '" + shop.widePrinter().name() + "' \\(" + shop.widePrinter().id()
					+ "\\): .*max_width_inches")
			.contains("its printer " + shop.widePrinter().id() + " was not imported")
			.contains("had no owner: its first user");
		assertThat(number("SELECT count(*) FROM tenant.shops WHERE id = '" + shop.duplicateShop().id() + "'")).isZero();
		assertThat(number("SELECT count(*) FROM file.files WHERE id = '" + shop.missingFile().id() + "'")).isZero();
		assertThat(number("SELECT count(*) FROM print.printers WHERE id = '" + shop.widePrinter().id() + "'")).isZero();

		Map<UUID, String> tokenOf = new HashMap<>();
		for (PrintshopLegacyDatabase.User user : shop.users()) {
			Accounts.Tokens tokens = Accounts.login(user.email(), user.password());
			assertThat(tokens.tenantId()).isEqualTo(user.organizationId());
			String expected = shop.firstUserOf(user.organizationId()).id().equals(user.id()) ? "owner" : user.role();
			assertThat(tokens.user().get("role")).as(user.email()).isEqualTo(expected);
			assertThat(text("SELECT password_hash FROM auth.users WHERE id = '" + user.id() + "'"))
				.startsWith("$argon2id$");
			if ("owner".equals(expected)) {
				tokenOf.put(user.organizationId(), tokens.accessToken());
			}
		}

		for (PrintshopLegacyDatabase.Shop legacy : shop.shops()) {
			JsonNode read = read(tokenOf.get(legacy.organizationId()),
					"/api/v1/organizations/" + legacy.organizationId() + "/shops/" + legacy.id());
			assertThat(read.get("platform_shop_id").asString()).isEqualTo(legacy.platformShopId());
		}
		for (PrintshopLegacyDatabase.StoredFile file : shop.files()) {
			String token = tokenOf.get(file.organizationId());
			JsonNode facts = read(token, "/api/v1/files/" + file.id());
			assertThat(facts.get("mime_type").asString()).isEqualTo(file.mimeType());
			assertThat(facts.get("image").get("width_px").asInt()).isEqualTo(file.width());
			assertThat(facts.get("image").get("height_px").asInt()).isEqualTo(file.height());
			assertThat(bytes(token, "/api/v1/files/" + file.id() + "/content")).isEqualTo(file.bytes());
		}
		for (PrintshopLegacyDatabase.Printer printer : shop.printers()) {
			JsonNode read = read(tokenOf.get(printer.organizationId()), "/api/v1/printers/" + printer.id());
			assertThat(read.get("max_width_inches").asDouble()).isEqualTo(printer.maxWidth());
		}
		for (PrintshopLegacyDatabase.Canvas canvas : shop.canvases()) {
			JsonNode read = read(tokenOf.get(canvas.organizationId()), "/api/v1/canvas-configs/" + canvas.id());
			assertThat(read.get("dpi").asInt()).isEqualTo(canvas.dpi());
		}
		for (PrintshopLegacyDatabase.Job job : shop.jobs()) {
			if (job.printerId().equals(shop.widePrinter().id())) {
				continue;
			}
			String token = tokenOf.get(job.organizationId());
			JsonNode read = read(token, "/api/v1/print-jobs/" + job.id());
			assertThat(read.get("status").asString()).isEqualTo(expectedStatus(job.status()));
			JsonNode history = read(token, "/api/v1/print-jobs/" + job.id() + "/history").get("items");
			assertThat(history.size()).isGreaterThanOrEqualTo(1);
			assertThat(history.get(history.size() - 1).get("to_status").asString())
				.isEqualTo(expectedStatus(job.status()));
		}
		assertThat(number("SELECT count(*) FROM audit.events WHERE event_data ->> 'imported_from' = 'printshop' "
				+ "AND organization_id IN " + ids(shop.organizations().stream()
					.map(PrintshopLegacyDatabase.Organization::id).toList()) + " AND entity_type IN ('print_job', 'file') "
				+ "AND (event_data ->> 'imported')::boolean")).isEqualTo(20);

		Run second = importPrintshop(shop, "--copy");
		assertThat(second.status()).as(second.report()).isEqualTo(1);
		assertThat(second.report()).containsPattern("organizations\\s+0\\s+2\\s+0")
			.containsPattern("users\\s+0\\s+5\\s+0")
			.containsPattern("shops\\s+0\\s+4\\s+1")
			.containsPattern("files\\s+0\\s+6\\s+1")
			.containsPattern("printers\\s+0\\s+4\\s+1")
			.containsPattern("canvas_configs\\s+0\\s+4\\s+0")
			.containsPattern("print_jobs\\s+0\\s+" + jobs + "\\s+1")
			.containsPattern("events\\s+0\\s+20\\s+0");
		assertThat(number("SELECT count(*) FROM print.print_job_history WHERE job_id IN "
				+ ids(shop.jobs().stream().map(PrintshopLegacyDatabase.Job::id).toList())))
			.isEqualTo(number("SELECT count(*) FROM print.print_job_history WHERE job_id IN "
					+ ids(shop.jobs().stream().map(PrintshopLegacyDatabase.Job::id).toList())));
	}

	@Test
	void referencedFilesStayOnTheNasAndAreServedFromIt() throws Exception {
		PrintshopLegacyDatabase.Data small = PrintshopLegacyDatabase.create("printshop_legacy_import_e2e_reference",
				Suite.get().nasRoot(), 23, 1, 2, 1, 1, PrintshopLegacyDatabase.Faults.none());

		Run run = importPrintshop(small, "--reference");

		assertThat(run.status()).as(run.report()).isZero();
		assertThat(run.report()).containsPattern("files\\s+4\\s+0\\s+0");
		PrintshopLegacyDatabase.StoredFile file = small.files().get(0);
		String token = Accounts.login(small.firstUserOf(file.organizationId()).email(),
				small.firstUserOf(file.organizationId()).password()).accessToken();
		assertThat(bytes(token, "/api/v1/files/" + file.id() + "/content")).isEqualTo(file.bytes());
		String stored = text("SELECT file_path FROM file.files WHERE id = '" + file.id() + "'");
		Path nas = small.filesRoot().resolve(file.path().substring(1));
		assertThat(Files.isSameFile(Suite.get().fileRoot().resolve(stored), nas)).isTrue();
	}

	private static String expectedStatus(String legacy) {
		return switch (legacy) {
			case "queued", "pending" -> "pending";
			case "printing", "held" -> "held";
			default -> legacy;
		};
	}

	private record Run(int status, String report) {
	}

	private static Run importPrintshop(PrintshopLegacyDatabase.Data data, String... more) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		List<String> args = new ArrayList<>(List.of("printshop", "--from", data.url(), "--files-root",
				data.filesRoot().toString()));
		args.addAll(List.of(more));
		Suite suite = Suite.get();
		Map<String, String> environment = Map.of("KONFIG_AUTH_URL", suite.service("auth-service").url(),
				"KONFIG_TENANT_URL", suite.service("tenant-service").url(), "KONFIG_PRINT_URL",
				suite.service("print-service").url(), "KONFIG_FILE_URL", suite.service("file-service").url(),
				"KONFIG_AUDIT_URL", suite.service("audit-service").url());
		int status = Importer.run(args.toArray(String[]::new), environment,
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
		return new Run(status, out.toString(StandardCharsets.UTF_8));
	}

	private static void assertNothingWritten() {
		assertThat(number("SELECT count(*) FROM tenant.organizations WHERE id IN "
				+ ids(shop.organizations().stream().map(PrintshopLegacyDatabase.Organization::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM auth.users WHERE id IN "
				+ ids(shop.users().stream().map(PrintshopLegacyDatabase.User::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM file.files WHERE id IN "
				+ ids(shop.files().stream().map(PrintshopLegacyDatabase.StoredFile::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM print.printers WHERE id IN "
				+ ids(shop.printers().stream().map(PrintshopLegacyDatabase.Printer::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM print.print_jobs WHERE id IN "
				+ ids(shop.jobs().stream().map(PrintshopLegacyDatabase.Job::id).toList()))).isZero();
		assertThat(number("SELECT count(*) FROM audit.events WHERE organization_id IN "
				+ ids(shop.organizations().stream().map(PrintshopLegacyDatabase.Organization::id).toList()))).isZero();
	}

	private static JsonNode read(String token, String path) {
		return JSON.readTree(bytes(token, path));
	}

	private static byte[] bytes(String token, String path) {
		return gateway().get()
			.uri(path)
			.headers(headers -> headers.setBearerAuth(token))
			.accept(MediaType.ALL)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
	}

	private static WebTestClient gateway() {
		return Accounts.gateway()
			.mutate()
			.responseTimeout(Duration.ofSeconds(30))
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

}

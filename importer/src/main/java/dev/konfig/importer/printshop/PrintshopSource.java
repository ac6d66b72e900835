package dev.konfig.importer.printshop;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.konfig.importer.ImportArguments;
import dev.konfig.importer.ImportStoppedException;
import dev.konfig.importer.Outcome;
import dev.konfig.importer.Progress;
import dev.konfig.importer.Report;
import dev.konfig.importer.Source;
import dev.konfig.importer.SuiteTarget;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import static dev.konfig.importer.SourceRows.text;

/**
 * The print back office's database into the suite, in dependency order: organizations, users
 * with their memberships, shops, files, printers, canvas configs, print jobs with a history
 * made of their recorded times, and events as audit events. An item whose parent was refused is
 * refused too, so nothing arrives half: a job whose printer, shop or file did not come is not
 * imported without it.
 */
public final class PrintshopSource implements Source {

	public static final String NAME = "printshop";

	static final String ORGANIZATIONS = "organizations";

	static final String USERS = "users";

	static final String SHOPS = "shops";

	static final String FILES = "files";

	static final String PRINTERS = "printers";

	static final String CANVAS_CONFIGS = "canvas_configs";

	static final String PRINT_JOBS = "print_jobs";

	static final String EVENTS = "events";

	static final List<String> PRINTER_TYPES = List.of("inkjet", "laser", "sublimation", "dtg", "dtf", "uv", "vinyl",
			"thermal", "other");

	/** Events per ingestion request. */
	static final int EVENT_BATCH = 200;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	public void run(ImportArguments arguments, SuiteTarget suite, Report report, Progress progress) {
		List.of(ORGANIZATIONS, USERS, SHOPS, FILES, PRINTERS, CANVAS_CONFIGS, PRINT_JOBS, EVENTS).forEach(report::kind);
		if (arguments.filesRoot() == null) {
			throw new ImportStoppedException("name the directory the files are in with --files-root DIR "
					+ "(the NAS, mounted where the importer runs)");
		}
		if (!Files.isDirectory(arguments.filesRoot())) {
			throw new ImportStoppedException("--files-root " + arguments.filesRoot() + " is not a directory");
		}
		PrintshopTables tables = read(arguments);
		Run run = new Run(tables, suite, report, progress, arguments);
		run.organizations();
		run.users();
		run.shops();
		run.files();
		run.printers();
		run.canvases();
		run.jobs();
		run.events();
	}

	private static PrintshopTables read(ImportArguments arguments) {
		try (Connection connection = arguments.from().open()) {
			try {
				return PrintshopTables.read(connection);
			}
			finally {
				connection.rollback();
			}
		}
		catch (SQLException ex) {
			throw new ImportStoppedException("The print back office's database " + arguments.from()
					+ " could not be read: " + ex.getMessage(), ex);
		}
	}

	/** One run's state: which items arrived (or are there), and under which suite id. */
	private static final class Run {

		private final PrintshopTables tables;

		private final SuiteTarget suite;

		private final Report report;

		private final Progress progress;

		private final ImportArguments arguments;

		private final Map<UUID, Outcome> organizations = new HashMap<>();

		private final Map<UUID, Outcome> shops = new HashMap<>();

		/** A legacy shop id to the suite's shop (itself, or the shop a duplicate repeats). */
		private final Map<UUID, UUID> shopIds = new HashMap<>();

		/** A legacy file id to the suite's file holding its bytes. */
		private final Map<UUID, UUID> fileIds = new HashMap<>();

		private final Map<UUID, Outcome> printers = new HashMap<>();

		Run(PrintshopTables tables, SuiteTarget suite, Report report, Progress progress, ImportArguments arguments) {
			this.tables = tables;
			this.suite = suite;
			this.report = report;
			this.progress = progress;
			this.arguments = arguments;
		}

		private boolean arrived(Map<UUID, Outcome> outcomes, UUID id) {
			Outcome outcome = outcomes.get(id);
			return outcome != null && !outcome.refused();
		}

		/** In a dry run, an item whose parent would be created cannot be asked about: checked here only. */
		private boolean parentOnlyPlanned(Map<UUID, Outcome> outcomes, UUID id) {
			return this.suite.dryRun() && outcomes.get(id) != null
					&& outcomes.get(id).result() == Outcome.Result.IMPORTED;
		}

		void organizations() {
			try (Progress.Step step = this.progress.step(ORGANIZATIONS, this.tables.organizations().size())) {
				for (PrintshopTables.Organization organization : this.tables.organizations()) {
					Map<String, Object> body = new LinkedHashMap<>();
					body.put("id", organization.id());
					body.put("name", organization.name());
					body.put("description", organization.description());
					body.put("imported_from", NAME);
					body.put("is_active", !"false".equals(json(organization.settings()).path("is_active").asString("")));
					body.put("created_at", text(organization.createdAt()));
					Outcome outcome = this.suite.organization(body);
					this.report.record(ORGANIZATIONS, "'" + organization.name() + "' (" + organization.id() + ")",
							outcome);
					this.organizations.put(organization.id(), outcome);
					step.advance();
				}
			}
		}

		/**
		 * Users with every membership. The guide's Step 3 made everyone an admin of one "Default
		 * Organization": each organization keeps an owner, and one without any gets its first user
		 * created as owner, which the report says.
		 */
		void users() {
			Map<UUID, Map<UUID, String>> roles = memberships();
			Map<UUID, PrintshopTables.User> users = new LinkedHashMap<>();
			this.tables.users().forEach(user -> users.put(user.id(), user));
			Map<UUID, Set<UUID>> owned = new HashMap<>();
			roles.forEach((user, byOrganization) -> byOrganization.forEach((organization, role) -> {
				if ("owner".equals(role)) {
					owned.computeIfAbsent(organization, id -> new HashSet<>()).add(user);
				}
			}));
			for (PrintshopTables.Organization organization : this.tables.organizations()) {
				if (owned.containsKey(organization.id())) {
					continue;
				}
				this.tables.users()
					.stream()
					.filter(user -> roles.getOrDefault(user.id(), Map.of()).containsKey(organization.id()))
					.min(Comparator.comparing((PrintshopTables.User user) -> user.createdAt(),
							Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(PrintshopTables.User::id))
					.ifPresent(first -> {
						roles.get(first.id()).put(organization.id(), "owner");
						this.report.note("organization '" + organization.name() + "' (" + organization.id()
								+ ") had no owner: its first user, " + first.email() + " (" + first.id()
								+ "), is its owner");
					});
			}
			try (Progress.Step step = this.progress.step(USERS, users.size())) {
				for (PrintshopTables.User user : users.values()) {
					String item = user.email() + " (" + user.id() + ")";
					List<Map<String, Object>> memberships = new ArrayList<>();
					List<UUID> missing = new ArrayList<>();
					roles.getOrDefault(user.id(), Map.of()).forEach((organization, role) -> {
						if (!arrived(this.organizations, organization)) {
							missing.add(organization);
							return;
						}
						Map<String, Object> membership = new LinkedHashMap<>();
						membership.put("organization_id", organization);
						membership.put("role", role);
						membership.put("is_active", user.active() == null || user.active());
						memberships.add(membership);
					});
					if (memberships.isEmpty()) {
						this.report.refused(USERS, item, missing.isEmpty() ? "belongs to no organization"
								: "its organization " + missing.get(0) + " was not imported");
					}
					else if (this.suite.dryRun() && memberships.stream()
						.anyMatch(membership -> parentOnlyPlanned(this.organizations,
								(UUID) membership.get("organization_id")))) {
						this.report.record(USERS, item, checkedLocally(user.passwordHash()));
					}
					else {
						Map<String, Object> body = new LinkedHashMap<>();
						body.put("id", user.id());
						body.put("email", user.email());
						body.put("password_hash", user.passwordHash());
						body.put("created_at", text(user.createdAt()));
						body.put("memberships", memberships);
						body.put("source", NAME);
						this.report.record(USERS, item, this.suite.user(body));
					}
					step.advance();
				}
			}
		}

		private static Outcome checkedLocally(String passwordHash) {
			return (passwordHash != null && passwordHash.matches("^\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}$"))
					? Outcome.IMPORTED : Outcome.refused("password_hash: must be a bcrypt hash");
		}

		/** Each user's role per organization: the memberships, else the user's own organization and role. */
		private Map<UUID, Map<UUID, String>> memberships() {
			Map<UUID, Map<UUID, String>> roles = new LinkedHashMap<>();
			for (PrintshopTables.Member member : this.tables.members()) {
				roles.computeIfAbsent(member.userId(), id -> new LinkedHashMap<>())
					.put(member.organizationId(), role(member.role()));
			}
			for (PrintshopTables.User user : this.tables.users()) {
				if (user.orgId() != null) {
					roles.computeIfAbsent(user.id(), id -> new LinkedHashMap<>())
						.putIfAbsent(user.orgId(), role(user.role()));
				}
			}
			return roles;
		}

		private static String role(String role) {
			return switch (role == null ? "" : role) {
				case "owner", "admin" -> role;
				default -> "member";
			};
		}

		/** Shops; a second shop of the same platform shop id in one organization is a duplicate. */
		void shops() {
			Map<String, PrintshopTables.Shop> seen = new HashMap<>();
			try (Progress.Step step = this.progress.step(SHOPS, this.tables.shops().size())) {
				for (PrintshopTables.Shop shop : this.tables.shops()) {
					String item = "'" + shop.name() + "' (" + shop.id() + ")";
					String key = shop.organizationId() + "/" + shop.platform() + "/" + shop.platformShopId();
					PrintshopTables.Shop first = shop.platformShopId() == null ? null : seen.putIfAbsent(key, shop);
					Outcome outcome;
					if (!arrived(this.organizations, shop.organizationId())) {
						outcome = Outcome.refused("its organization " + shop.organizationId() + " was not imported");
					}
					else if (first != null) {
						outcome = Outcome.refused("duplicate shop: " + shop.platform() + " shop " + shop.platformShopId()
								+ " is shop '" + first.name() + "' (" + first.id() + ") already");
						if (arrived(this.shops, first.id())) {
							this.shopIds.put(shop.id(), first.id());
						}
					}
					else if (parentOnlyPlanned(this.organizations, shop.organizationId())) {
						outcome = Outcome.IMPORTED;
					}
					else {
						Map<String, Object> body = new LinkedHashMap<>();
						body.put("id", shop.id());
						body.put("organization_id", shop.organizationId());
						body.put("name", shop.name());
						body.put("platform", shop.platform());
						body.put("platform_shop_id", shop.platformShopId());
						body.put("shop_config", json(shop.config()));
						body.put("is_active", shop.active() == null || shop.active());
						body.put("created_at", text(shop.createdAt()));
						body.put("source", NAME);
						outcome = this.suite.shop(body);
					}
					this.report.record(SHOPS, item, outcome);
					this.shops.put(shop.id(), outcome);
					if (!outcome.refused()) {
						this.shopIds.put(shop.id(), shop.id());
					}
					step.advance();
				}
			}
		}

		/** Files from their NAS paths under the files root; a missing file is refused with its row. */
		void files() {
			Path root = this.arguments.filesRoot().toAbsolutePath().normalize();
			try (Progress.Step step = this.progress.step(FILES, this.tables.files().size())) {
				for (PrintshopTables.FileRow file : this.tables.files()) {
					String item = "'" + file.filename() + "' at " + file.path() + " (" + file.id() + ")";
					String relative = file.path().startsWith("/") ? file.path().substring(1) : file.path();
					Path local = root.resolve(relative).normalize();
					if (!arrived(this.organizations, file.organizationId())) {
						this.report.refused(FILES, item, "its organization " + file.organizationId() + " was not imported");
					}
					else if (!local.startsWith(root)) {
						this.report.refused(FILES, item, "its path leaves the files root");
					}
					else if (!Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS)) {
						this.report.refused(FILES, item, "no file at " + local + " (missing on the NAS)");
					}
					else {
						SuiteTarget.FileOutcome outcome = send(file, relative, local);
						if (!outcome.outcome().refused() && outcome.facts() != null && file.hash() != null
								&& !file.hash().isBlank()
								&& !file.hash().equalsIgnoreCase(outcome.facts().path("sha256").asString())) {
							this.report.note("file " + item + " has changed since the old system hashed it "
									+ "(its bytes were imported as they are now)");
						}
						this.report.record(FILES, item, outcome.outcome());
						if (!outcome.outcome().refused()) {
							this.fileIds.put(file.id(), outcome.fileId());
							if (!outcome.fileId().equals(file.id())) {
								this.report.note("file " + item + " holds the same bytes as file " + outcome.fileId()
										+ ", which stands for it");
							}
						}
					}
					step.advance();
				}
			}
		}

		private SuiteTarget.FileOutcome send(PrintshopTables.FileRow file, String relative, Path local) {
			String type = (file.mimeType() != null && file.mimeType().startsWith("image/")) ? "design" : "other";
			if (this.arguments.referenceFiles()) {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("id", file.id());
				body.put("organization_id", file.organizationId());
				body.put("path", relative);
				body.put("filename", file.filename());
				body.put("original_filename", file.originalFilename());
				body.put("file_type", type);
				body.put("created_at", text(file.createdAt()));
				body.put("source", NAME);
				return this.suite.referenceFile(body);
			}
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("id", file.id());
			fields.put("organization_id", file.organizationId());
			fields.put("filename", file.filename());
			fields.put("original_filename", file.originalFilename());
			fields.put("file_type", type);
			fields.put("created_at", text(file.createdAt()));
			fields.put("source", NAME);
			fields.put("legacy_path", file.path());
			return this.suite.copyFile(fields, local);
		}

		/** Printers by today's rules: one outside them (wider than 500 in, say) is refused, not stretched. */
		void printers() {
			try (Progress.Step step = this.progress.step(PRINTERS, this.tables.printers().size())) {
				for (PrintshopTables.Printer printer : this.tables.printers()) {
					String item = "'" + printer.name() + "' (" + printer.id() + ")";
					Outcome outcome;
					if (!arrived(this.organizations, printer.organizationId())) {
						outcome = Outcome.refused("its organization " + printer.organizationId() + " was not imported");
					}
					else {
						Map<String, Object> config = new LinkedHashMap<>();
						JsonNode legacy = json(printer.config());
						if (legacy.isObject()) {
							config.putAll(JSON.convertValue(legacy, Map.class));
						}
						String type = printerType(printer.type());
						if (!type.equals(printer.type())) {
							config.put("legacy_printer_type", printer.type());
						}
						Map<String, Object> body = new LinkedHashMap<>();
						body.put("id", printer.id());
						body.put("organization_id", printer.organizationId());
						body.put("source", NAME);
						body.put("created_by", printer.userId());
						body.put("name", printer.name());
						body.put("printer_type", type);
						body.put("notes", printer.notes());
						body.put("max_width_inches", printer.maxWidth());
						body.put("max_height_inches", printer.maxHeight());
						body.put("dpi", printer.dpi());
						body.put("supported_template_ids", printer.templates().isEmpty() ? null : printer.templates());
						body.put("is_active", printer.active() == null || printer.active());
						body.put("is_default", Boolean.TRUE.equals(printer.isDefault()));
						body.put("printer_config", config);
						body.put("created_at", text(printer.createdAt()));
						outcome = this.suite.printer(body);
					}
					this.report.record(PRINTERS, item, outcome);
					this.printers.put(printer.id(), outcome);
					step.advance();
				}
			}
		}

		/** The old system's names of printer types, as the suite's ({@code UV_DTF} is a UV printer). */
		static String printerType(String type) {
			String plain = type == null ? "" : type.replace('-', '_').replace(' ', '_');
			if (PRINTER_TYPES.contains(plain)) {
				return plain;
			}
			if (plain.startsWith("uv")) {
				return "uv";
			}
			if (plain.contains("dtf")) {
				return "dtf";
			}
			return "other";
		}

		void canvases() {
			try (Progress.Step step = this.progress.step(CANVAS_CONFIGS, this.tables.canvases().size())) {
				for (PrintshopTables.Canvas canvas : this.tables.canvases()) {
					String item = "'" + canvas.name() + "' (" + canvas.id() + ")";
					Outcome outcome;
					if (canvas.organizationId() == null) {
						outcome = Outcome.refused("its product template " + canvas.templateId()
								+ " belongs to no organization");
					}
					else if (!arrived(this.organizations, canvas.organizationId())) {
						outcome = Outcome.refused("its organization " + canvas.organizationId() + " was not imported");
					}
					else {
						Map<String, Object> body = new LinkedHashMap<>();
						body.put("id", canvas.id());
						body.put("organization_id", canvas.organizationId());
						body.put("source", NAME);
						body.put("product_template_id", canvas.templateId());
						body.put("name", canvas.name());
						body.put("width_inches", canvas.width());
						body.put("height_inches", canvas.height());
						body.put("description", canvas.description());
						body.put("is_active", canvas.active() == null || canvas.active());
						body.put("is_stretch", canvas.stretch() == null || canvas.stretch());
						body.put("dpi", canvas.dpi());
						body.put("spacing_width_inches", canvas.spacingWidth());
						body.put("spacing_height_inches", canvas.spacingHeight());
						body.put("created_at", text(canvas.createdAt()));
						outcome = this.suite.canvasConfig(body);
					}
					this.report.record(CANVAS_CONFIGS, item, outcome);
					step.advance();
				}
			}
		}

		void jobs() {
			try (Progress.Step step = this.progress.step(PRINT_JOBS, this.tables.jobs().size())) {
				for (PrintshopTables.Job job : this.tables.jobs()) {
					String item = "'" + job.name() + "' (" + job.id() + ")";
					this.report.record(PRINT_JOBS, item, job(job));
					step.advance();
				}
			}
		}

		private Outcome job(PrintshopTables.Job job) {
			if (!arrived(this.organizations, job.organizationId())) {
				return Outcome.refused("its organization " + job.organizationId() + " was not imported");
			}
			if (job.printerId() != null && !arrived(this.printers, job.printerId())) {
				return Outcome.refused("its printer " + job.printerId() + " was not imported");
			}
			UUID shop = null;
			if (job.shopId() != null) {
				shop = this.shopIds.get(job.shopId());
				if (shop == null) {
					return Outcome.refused("its shop " + job.shopId() + " was not imported");
				}
			}
			List<UUID> files = new ArrayList<>();
			for (UUID file : job.fileIds()) {
				UUID held = this.fileIds.get(file);
				if (held == null) {
					return Outcome.refused("its file " + file + " was not imported");
				}
				if (!files.contains(held)) {
					files.add(held);
				}
			}
			JobHistory history;
			try {
				history = JobHistory.of(job, Instant.now());
			}
			catch (IllegalArgumentException ex) {
				return Outcome.refused(ex.getMessage());
			}
			if (parentOnlyPlanned(this.organizations, job.organizationId())
					|| (job.printerId() != null && parentOnlyPlanned(this.printers, job.printerId()))) {
				return Outcome.IMPORTED;
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", job.id());
			body.put("organization_id", job.organizationId());
			body.put("source", NAME);
			body.put("created_by", job.createdBy());
			body.put("job_name", job.name());
			body.put("status", history.status());
			body.put("state_reason", history.reason());
			body.put("priority", priority(job.priority()));
			body.put("printer_id", job.printerId());
			body.put("shop_id", shop);
			body.put("file_ids", files);
			JsonNode config = json(job.config());
			body.put("print_config", config.isObject() ? config : Map.of());
			body.put("progress_percentage", job.progress() == null ? 0 : Math.max(0, Math.min(100, job.progress())));
			body.put("estimated_completion", text(job.estimatedCompletion()));
			body.put("started_at", text(job.startedAt()));
			body.put("completed_at", text(job.completedAt()));
			body.put("error_message", job.errorMessage());
			body.put("created_at", text(job.createdAt()));
			body.put("history", history.entries());
			return this.suite.printJob(body);
		}

		/** The old priority counted from 0 (normal) up; the suite's runs 1 to 100 around 50. */
		static int priority(Integer legacy) {
			int value = 50 + (legacy == null ? 0 : legacy);
			return Math.max(1, Math.min(100, value));
		}

		/**
		 * Events as audit events, marked imported, in batches; the organization's audit chain takes
		 * them in the old order from where it stands, so its hashes start at the import.
		 */
		void events() {
			List<Map<String, Object>> batch = new ArrayList<>();
			int imported = 0;
			int total = 0;
			try (Progress.Step step = this.progress.step(EVENTS, this.tables.events().size())) {
				for (PrintshopTables.Event event : this.tables.events()) {
					String item = "'" + event.type() + "' (" + event.id() + ")";
					String type = eventType(event.type());
					if (!arrived(this.organizations, event.organizationId())) {
						this.report.refused(EVENTS, item, "its organization " + event.organizationId()
								+ " was not imported");
					}
					else if (type == null) {
						this.report.refused(EVENTS, item, "its event type is empty");
					}
					else {
						batch.add(auditEvent(event, type));
					}
					if (batch.size() == EVENT_BATCH) {
						imported += this.suite.auditEvents(batch);
						total += batch.size();
						batch.clear();
					}
					step.advance();
				}
				if (!batch.isEmpty()) {
					imported += this.suite.auditEvents(batch);
					total += batch.size();
				}
			}
			Report.Counts counts = this.report.counts(EVENTS);
			for (int i = 0; i < imported; i++) {
				this.report.record(EVENTS, "event", Outcome.IMPORTED);
			}
			for (int i = imported; i < total; i++) {
				this.report.record(EVENTS, "event", Outcome.ALREADY_THERE);
			}
			if (counts.imported() > 0) {
				this.report.note(counts.imported() + " event(s) joined their organization's audit chain as "
						+ "imported events: the chain's hashes cover them from the import on, not from when they "
						+ "happened");
			}
		}

		private Map<String, Object> auditEvent(PrintshopTables.Event event, String type) {
			Map<String, Object> data = new LinkedHashMap<>();
			JsonNode legacy = json(event.data());
			if (legacy.isObject()) {
				data.putAll(JSON.convertValue(legacy, Map.class));
			}
			data.put("imported_from", NAME);
			data.put("imported", true);
			if (!type.equals(event.type())) {
				data.put("legacy_event_type", event.type());
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("id", event.id());
			body.put("organization_id", event.organizationId());
			body.put("occurred_at", text(event.createdAt() != null ? event.createdAt() : Instant.EPOCH));
			body.put("event_type", type);
			body.put("entity_type", event.entityType());
			body.put("entity_id", event.entityId() == null ? null : event.entityId().toString());
			body.put("actor", event.userId() == null ? null : Map.of("id", event.userId().toString(), "type", "user"));
			body.put("ip_address", truncate(event.ipAddress(), 64));
			body.put("user_agent", truncate(event.userAgent(), 512));
			body.put("outcome", "success");
			body.put("event_data", data);
			return body;
		}

		/** The suite's event types are lowercase words joined by dots ({@code print_job.created}). */
		static String eventType(String type) {
			if (type == null || type.isBlank()) {
				return null;
			}
			String plain = type.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.:-]+", "_");
			return plain.length() > 100 ? plain.substring(0, 100) : plain;
		}

		private static String truncate(String text, int max) {
			return (text == null || text.length() <= max) ? text : text.substring(0, max);
		}

	}

	static JsonNode json(String text) {
		if (text == null || text.isBlank()) {
			return MissingNode.getInstance();
		}
		try {
			return JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			return MissingNode.getInstance();
		}
	}

}

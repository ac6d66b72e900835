package dev.konfig.print.imports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcType;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.web.ConflictException;
import dev.konfig.print.job.JobStates;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.JsonObjects;
import dev.konfig.print.system.PrintProblem;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes imported printers, canvas configs and print jobs, each with its id, in one transaction
 * with its audit event ({@code printer.imported}, ...). Today's rules apply as they do to the
 * public API (sizes up to 500 in, 150 to 1200 DPI, the organization's printer limit): a row
 * outside them is refused with the field at fault, never stretched to fit.
 */
@Service
class PrintImport {

	static final List<String> PRINTER_TYPES = List.of("inkjet", "laser", "sublimation", "dtg", "dtf", "uv", "vinyl",
			"thermal", "other");

	/** Imported jobs rest: a job that was printing in the old system has no agent here, so it comes held. */
	static final List<String> IMPORTABLE_STATES = List.of(JobStates.PENDING, JobStates.HELD, JobStates.COMPLETED,
			JobStates.FAILED, JobStates.CANCELLED);

	private static final BigDecimal MAX_INCHES = BigDecimal.valueOf(500);

	private static final Set<String> PRINTER_FIELDS = Set.of("id", "organization_id", "source", "created_by", "name",
			"printer_type", "manufacturer", "model", "notes", "max_width_inches", "max_height_inches", "dpi",
			"supported_template_ids", "is_active", "is_default", "printer_config", "created_at");

	private static final Set<String> CANVAS_FIELDS = Set.of("id", "organization_id", "source", "product_template_id",
			"name", "width_inches", "height_inches", "description", "is_active", "is_stretch", "dpi",
			"spacing_width_inches", "spacing_height_inches", "created_at");

	private static final Set<String> JOB_FIELDS = Set.of("id", "organization_id", "source", "created_by", "job_name",
			"status", "state_reason", "priority", "printer_id", "shop_id", "file_ids", "print_config",
			"progress_percentage", "estimated_completion", "started_at", "completed_at", "error_message", "created_at",
			"history");

	private static final Set<String> HISTORY_FIELDS = Set.of("at", "from_status", "to_status", "reason", "message");

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final Outbox outbox;

	private final JsonMapper json;

	private final PrintProperties properties;

	PrintImport(DatabaseClient db, TransactionalOperator transaction, Outbox outbox, JsonMapper json,
			PrintProperties properties) {
		this.db = db;
		this.transaction = transaction;
		this.outbox = outbox;
		this.json = json;
		this.properties = properties;
	}

	/** What became of one item: {@code imported} or {@code already_there}. */
	record Result(UUID id, String outcome) {

		static Result imported(UUID id) {
			return new Result(id, "imported");
		}

		static Result alreadyThere(UUID id) {
			return new Result(id, "already_there");
		}

		boolean imported() {
			return "imported".equals(this.outcome);
		}

	}

	/** The fields every imported item has. */
	private record Identity(UUID id, UUID organizationId, String source) {
	}

	private static Identity identity(JsonBody body) {
		UUID id = body.uuid("id", true);
		UUID organization = body.uuid("organization_id", true);
		String source = body.text("source", 1, 32, true);
		if (source != null && !source.matches("[a-z]{1,32}")) {
			body.fail("source", "must be 1 to 32 lowercase letters");
		}
		return new Identity(id, organization, source);
	}

	Mono<Result> printer(JsonNode request, boolean dryRun) {
		return Mono.fromCallable(() -> {
			JsonBody body = JsonBody.of(request, PRINTER_FIELDS);
			Identity identity = identity(body);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("name", body.text("name", 1, 255, true));
			row.put("type", orDefault(body.oneOf("printer_type", PRINTER_TYPES, false), "inkjet"));
			row.put("manufacturer", body.text("manufacturer", 0, 100, false));
			row.put("model", body.text("model", 0, 100, false));
			row.put("notes", body.text("notes", 0, 10_000, false));
			row.put("width", body.inches("max_width_inches", BigDecimal.ZERO, false, MAX_INCHES, true));
			row.put("height", body.inches("max_height_inches", BigDecimal.ZERO, false, MAX_INCHES, true));
			row.put("dpi", orDefault(body.integer("dpi", 150, 1200, false), 300));
			List<UUID> templates = body.uuids("supported_template_ids", 0, 100, false);
			row.put("templates", templates == null ? null : templates.toArray(UUID[]::new));
			row.put("active", orDefault(body.present("is_active") ? body.bool("is_active") : null, true));
			row.put("default", orDefault(body.present("is_default") ? body.bool("is_default") : null, false));
			row.put("config", body.present("printer_config") ? JsonObjects.text(body, "printer_config", this.json) : "{}");
			row.put("createdBy", createdBy(body));
			row.put("created", instant(body, "created_at"));
			body.check();
			return new Item(identity, row);
		}).flatMap(item -> inTransaction(lockPrinters(item.identity().organizationId())
			.then(insertPrinter(item))
			.flatMap(inserted -> inserted
					? recorded(item, "printer.imported", "printer", Map.of("name", item.row().get("name")))
					: existing("printers", item.identity(), "printer")), dryRun));
	}

	private Mono<Void> lockPrinters(UUID organizationId) {
		// The same lock as the public API's, so the printer limit holds against concurrent creates.
		return this.db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.bind("key", "printers:" + organizationId)
			.then();
	}

	private Mono<Boolean> insertPrinter(Item item) {
		Map<String, Object> row = item.row();
		return this.db.sql("SELECT count(*) AS n, bool_or(id = :id) AS known FROM printers WHERE organization_id = :org")
			.bind("id", item.identity().id())
			.bind("org", item.identity().organizationId())
			.map(found -> new long[] { found.get("n", Long.class),
					Boolean.TRUE.equals(found.get("known", Boolean.class)) ? 1 : 0 })
			.one()
			.flatMap(count -> {
				if (count[1] == 0 && count[0] >= this.properties.maxPrintersPerOrganization()) {
					return Mono.error(PrintProblem.conflict("The organization has the most printers allowed ("
							+ this.properties.maxPrintersPerOrganization() + ")",
							Map.of("max_printers", this.properties.maxPrintersPerOrganization())));
				}
				// A second default printer comes in as an ordinary one (one default per organization).
				return bind(this.db.sql("INSERT INTO printers (id, organization_id, created_by, created_by_type, name, "
						+ "printer_type, manufacturer, model, notes, max_width_inches, max_height_inches, dpi, "
						+ "supported_template_ids, is_active, is_default, printer_config, created_at, updated_at) "
						+ "VALUES (:id, :org, :createdBy, CASE WHEN :createdBy IS NULL THEN NULL ELSE 'user' END, :name, "
						+ ":type, :manufacturer, :model, :notes, :width, :height, :dpi, :templates, :active, "
						+ ":default AND :active AND NOT EXISTS (SELECT 1 FROM printers WHERE organization_id = :org "
						+ "AND is_default), CAST(:config AS jsonb), coalesce(:created, now()), now()) "
						+ "ON CONFLICT (id) DO NOTHING"), item, Map.of("createdBy", String.class, "manufacturer",
								String.class, "model", String.class, "notes", String.class, "templates",
								UUID[].class))
					.fetch()
					.rowsUpdated()
					.map(rows -> rows > 0);
			});
	}

	Mono<Result> canvasConfig(JsonNode request, boolean dryRun) {
		return Mono.fromCallable(() -> {
			JsonBody body = JsonBody.of(request, CANVAS_FIELDS);
			Identity identity = identity(body);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("template", body.uuid("product_template_id", false));
			row.put("name", body.text("name", 1, 255, true));
			row.put("width", body.inches("width_inches", BigDecimal.ZERO, false, MAX_INCHES, true));
			row.put("height", body.inches("height_inches", BigDecimal.ZERO, false, MAX_INCHES, true));
			row.put("description", body.text("description", 0, 10_000, false));
			row.put("active", orDefault(body.present("is_active") ? body.bool("is_active") : null, true));
			row.put("stretch", orDefault(body.present("is_stretch") ? body.bool("is_stretch") : null, true));
			row.put("dpi", orDefault(body.integer("dpi", 150, 1200, false), 300));
			row.put("spacingWidth", orDefault(
					body.inches("spacing_width_inches", BigDecimal.ZERO, true, BigDecimal.TEN, false),
					new BigDecimal("0.125")));
			row.put("spacingHeight", orDefault(
					body.inches("spacing_height_inches", BigDecimal.ZERO, true, BigDecimal.TEN, false),
					new BigDecimal("0.125")));
			row.put("created", instant(body, "created_at"));
			body.check();
			return new Item(identity, row);
		}).flatMap(item -> inTransaction(bind(this.db.sql("INSERT INTO canvas_configs (id, organization_id, "
				+ "product_template_id, name, width_inches, height_inches, description, is_active, is_stretch, dpi, "
				+ "spacing_width_inches, spacing_height_inches, created_at, updated_at) VALUES (:id, :org, :template, "
				+ ":name, :width, :height, :description, :active, :stretch, :dpi, :spacingWidth, :spacingHeight, "
				+ "coalesce(:created, now()), now()) ON CONFLICT (id) DO NOTHING"), item,
				Map.of("template", UUID.class, "description", String.class))
			.fetch()
			.rowsUpdated()
			.onErrorMap(PrintImport::isDuplicate, failure -> new ConflictException(
					"Another canvas config of this product template is named '" + item.row().get("name") + "'"))
			.flatMap(rows -> rows > 0
					? recorded(item, "canvas_config.imported", "canvas_config", Map.of("name", item.row().get("name")))
					: existing("canvas_configs", item.identity(), "canvas config")), dryRun));
	}

	/** One state change of an imported job's history. */
	private record Transition(Instant at, @Nullable String from, String to, @Nullable String reason,
			@Nullable String message) {
	}

	Mono<Result> job(JsonNode request, boolean dryRun) {
		return Mono.fromCallable(() -> {
			JsonBody body = JsonBody.of(request, JOB_FIELDS);
			Identity identity = identity(body);
			Map<String, Object> row = new LinkedHashMap<>();
			String createdBy = createdBy(body);
			if (createdBy == null && !body.present("created_by")) {
				body.fail("created_by", "is required");
			}
			row.put("createdBy", createdBy);
			row.put("name", body.text("job_name", 1, 255, true));
			String status = body.oneOf("status", IMPORTABLE_STATES, true);
			row.put("status", status);
			row.put("reason", body.text("state_reason", 0, 64, false));
			row.put("priority", orDefault(body.integer("priority", 1, 100, false), 50));
			row.put("printer", body.uuid("printer_id", false));
			row.put("shop", body.uuid("shop_id", false));
			List<UUID> files = body.uuids("file_ids", 0, 1000, false);
			row.put("files", (files == null ? List.<UUID>of() : files).toArray(UUID[]::new));
			row.put("config", body.present("print_config") ? JsonObjects.text(body, "print_config", this.json) : "{}");
			row.put("progress", orDefault(body.integer("progress_percentage", 0, 100, false), 0));
			row.put("estimated", instant(body, "estimated_completion"));
			row.put("started", instant(body, "started_at"));
			row.put("completed", instant(body, "completed_at"));
			row.put("error", body.text("error_message", 0, 4000, false));
			row.put("created", instant(body, "created_at"));
			List<Transition> history = history(body, status);
			body.check();
			return new Job(new Item(identity, row), history);
		}).flatMap(job -> inTransaction(printerOf(job.item())
			.then(bind(this.db.sql("INSERT INTO print_jobs (id, organization_id, created_by, created_by_type, job_name, "
					+ "status, state_reason, priority, printer_id, printer_name, shop_id, file_ids, print_config, "
					+ "progress_percentage, estimated_completion, started_at, completed_at, error_message, created_at, "
					+ "updated_at) VALUES (:id, :org, :createdBy, 'user', :name, :status, :reason, :priority, :printer, "
					+ "(SELECT name FROM printers WHERE id = :printer), :shop, :files, CAST(:config AS jsonb), :progress, "
					+ ":estimated, :started, :completed, :error, coalesce(:created, now()), now()) "
					+ "ON CONFLICT (id) DO NOTHING"), job.item(),
					Map.of("reason", String.class, "printer", UUID.class, "shop", UUID.class, "estimated",
							Instant.class, "started", Instant.class, "completed", Instant.class, "error",
							String.class))
				.fetch()
				.rowsUpdated())
			.flatMap(rows -> rows > 0
					? writeHistory(job).then(recorded(job.item(), "print_job.imported", "print_job",
							Map.of("job_name", job.item().row().get("name"), "status", job.item().row().get("status"),
									"history", job.history().size())))
					: existing("print_jobs", job.item().identity(), "print job")), dryRun));
	}

	private record Job(Item item, List<Transition> history) {
	}

	/**
	 * The history as sent, which must be in time order, chained (each change starts where the
	 * previous one ended) and end in the job's status. Entries are checked one by one, so a
	 * problem names the entry's own fields.
	 */
	private static List<Transition> history(JsonBody body, @Nullable String status) {
		List<Transition> history = new ArrayList<>();
		JsonNode list = body.value("history");
		if (!list.isArray() || list.isEmpty()) {
			body.fail("history", "must list the job's state changes, at least its creation");
			return history;
		}
		for (JsonNode node : list) {
			JsonBody entry = JsonBody.of(node, HISTORY_FIELDS);
			Instant at = instant(entry, "at");
			if (at == null) {
				entry.fail("at", "is required");
			}
			String from = entry.oneOf("from_status", JobStates.ALL, false);
			String to = entry.oneOf("to_status", JobStates.ALL, true);
			if (!history.isEmpty()) {
				Transition previous = history.get(history.size() - 1);
				if (at != null && at.isBefore(previous.at())) {
					entry.fail("at", "is before the previous state change");
				}
				if (!previous.to().equals(from)) {
					entry.fail("from_status", "must be the previous state, " + previous.to());
				}
			}
			Transition transition = new Transition(at, from, to, entry.text("reason", 0, 64, false),
					entry.text("message", 0, 4000, false));
			entry.check();
			history.add(transition);
		}
		if (status != null && !status.equals(history.get(history.size() - 1).to())) {
			body.fail("history", "must end in the job's status, " + status);
		}
		return history;
	}

	/** A named printer must be one of the job's organization (imported before its jobs). */
	private Mono<Void> printerOf(Item item) {
		Object printer = item.row().get("printer");
		if (printer == null) {
			return Mono.empty();
		}
		return this.db.sql("SELECT 1 FROM printers WHERE id = :printer AND organization_id = :org")
			.bind("printer", printer)
			.bind("org", item.identity().organizationId())
			.fetch()
			.one()
			.switchIfEmpty(Mono.error(() -> PrintProblem.unprocessable("printer_id",
					"is not a printer of the organization")))
			.then();
	}

	private Mono<Void> writeHistory(Job job) {
		Item item = job.item();
		return Flux.range(0, job.history().size()).concatMap(index -> {
			Transition transition = job.history().get(index);
			return this.db.sql("INSERT INTO print_job_history (job_id, organization_id, seq, at, from_status, "
					+ "to_status, reason, message, actor_id, actor_type) VALUES (:job, :org, :seq, :at, :from, :to, "
					+ ":reason, :message, :actor, 'user')")
				.bind("job", item.identity().id())
				.bind("org", item.identity().organizationId())
				.bind("seq", index + 1)
				.bind("at", transition.at())
				.bind("from", Parameters.in(R2dbcType.VARCHAR, transition.from()))
				.bind("to", transition.to())
				.bind("reason", Parameters.in(R2dbcType.VARCHAR, transition.reason()))
				.bind("message", Parameters.in(R2dbcType.VARCHAR, transition.message()))
				.bind("actor", item.row().get("createdBy"))
				.then();
		}).then();
	}

	private record Item(Identity identity, Map<String, Object> row) {
	}

	/** Binds the item's id, organization and row; the named columns may be null. */
	private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, Item item,
			Map<String, Class<?>> nullable) {
		DatabaseClient.GenericExecuteSpec bound = spec.bind("id", item.identity().id())
			.bind("org", item.identity().organizationId());
		for (Map.Entry<String, Object> column : item.row().entrySet()) {
			Object value = column.getValue();
			if (value == null && column.getKey().equals("created")) {
				bound = bound.bind("created", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE));
			}
			else if (value == null) {
				bound = bound.bindNull(column.getKey(), nullable.getOrDefault(column.getKey(), String.class));
			}
			else {
				bound = bound.bind(column.getKey(), value);
			}
		}
		return bound;
	}

	/** The item's event, marked with its source, and the answer. */
	private Mono<Result> recorded(Item item, String eventType, String entityType, Map<String, Object> facts) {
		Map<String, Object> data = new LinkedHashMap<>(facts);
		data.put("imported_from", item.identity().source());
		return this.outbox
			.appendFromRequest(AuditEvent.of(item.identity().organizationId(), eventType, entityType,
					item.identity().id(), AuditEvent.SUCCESS, data))
			.thenReturn(Result.imported(item.identity().id()));
	}

	/** The id is taken: by the same item of the same organization (a second run), or by another. */
	private Mono<Result> existing(String table, Identity identity, String what) {
		return this.db.sql("SELECT organization_id FROM " + table + " WHERE id = :id")
			.bind("id", identity.id())
			.map(row -> row.get("organization_id", UUID.class))
			.one()
			.filter(identity.organizationId()::equals)
			.map(same -> Result.alreadyThere(identity.id()))
			.switchIfEmpty(Mono.error(() -> new ConflictException(
					"The " + what + " id " + identity.id() + " belongs to another organization")));
	}

	private Mono<Result> inTransaction(Mono<Result> work, boolean dryRun) {
		return this.transaction.execute(status -> {
			if (dryRun) {
				status.setRollbackOnly();
			}
			return work;
		}).single();
	}

	@Nullable
	private static String createdBy(JsonBody body) {
		UUID user = body.uuid("created_by", false);
		return user == null ? null : user.toString();
	}

	@Nullable
	private static Instant instant(JsonBody body, String field) {
		if (!body.present(field)) {
			return null;
		}
		JsonNode value = body.value(field);
		try {
			if (value.isString()) {
				return Instant.parse(value.asString());
			}
		}
		catch (DateTimeParseException ex) {
			// reported below
		}
		body.fail(field, "must be an ISO-8601 UTC time");
		return null;
	}

	private static <T> T orDefault(@Nullable T value, T fallback) {
		return value == null ? fallback : value;
	}

	private static boolean isDuplicate(Throwable failure) {
		return failure instanceof DataIntegrityViolationException
				|| failure instanceof R2dbcDataIntegrityViolationException;
	}

}

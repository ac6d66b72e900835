package dev.konfig.print.job;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.KeysetCursor;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.PreconditionFailedException;
import dev.konfig.print.gang.GangLayouts;
import dev.konfig.print.gang.GangPlanner;
import dev.konfig.print.peer.Peers;
import dev.konfig.print.printer.Printer;
import dev.konfig.print.printer.PrinterRepository;
import dev.konfig.print.system.Actors;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.PrintProblem;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Print jobs for users and their API keys (spec §3): creation checked against the printer,
 * file-service and tenant-service; reads; edits and the user's transitions. Members and
 * {@code write} keys create; the creator and admins act on a job.
 */
@Service
class JobService {

	static final Set<String> CREATE_FIELDS = Set.of("job_name", "job_type", "printer_id", "shop_id", "order_ref",
			"file_ids", "items", "print_config", "priority", "hold");

	static final Set<String> PATCH_FIELDS = Set.of("job_name", "priority", "print_config", "printer_id", "order_ref");

	/** Media types a print agent can print as they are (PJ-5). */
	static final Set<String> PRINTABLE = Set.of("image/png", "image/jpeg", "image/tiff", "image/webp",
			"application/pdf");

	private final JobRepository jobs;

	private final JobTransitions transitions;

	private final PrinterRepository printers;

	private final Peers peers;

	private final PrintProperties properties;

	private final Outbox outbox;

	private final TransactionalOperator transaction;

	private final DatabaseClient db;

	private final JsonMapper json;

	private final GangPlanner planner;

	private final GangLayouts layouts;

	JobService(JobRepository jobs, JobTransitions transitions, PrinterRepository printers, Peers peers,
			PrintProperties properties, Outbox outbox, TransactionalOperator transaction, DatabaseClient db,
			JsonMapper json, GangPlanner planner, GangLayouts layouts) {
		this.planner = planner;
		this.layouts = layouts;
		this.jobs = jobs;
		this.transitions = transitions;
		this.printers = printers;
		this.peers = peers;
		this.properties = properties;
		this.outbox = outbox;
		this.transaction = transaction;
		this.db = db;
		this.json = json;
	}

	JobResponse response(PrintJob job) {
		return JobResponse.of(job, this.json);
	}

	/** A create request's fields after the shape checks. */
	private record Draft(String name, String type, int priority, @Nullable UUID printerId, @Nullable UUID shopId,
			@Nullable String orderRef, List<UUID> fileIds, List<GangPlanner.ItemDraft> items, String config,
			boolean hold, JsonBody body) {
	}

	Mono<PrintJob> create(KonfigPrincipal principal, JsonNode request) {
		return Mono.fromCallable(() -> draft(principal, request))
			.flatMap(draft -> printerFor(principal.requireOrganization(), draft.printerId(), "printer_id")
				.flatMap(printer -> checkShop(principal, draft.shopId())
					.then(checkFiles(principal, draft, printer))
					.then(plan(principal, draft, printer))
					.map(java.util.Optional::of)
					.defaultIfEmpty(java.util.Optional.empty())
					.flatMap(plan -> insert(principal, draft, printer, plan.orElse(null)))));
	}

	private Draft draft(KonfigPrincipal principal, JsonNode request) {
		principal.requireOrganization();
		JsonBody body = JsonBody.of(request, CREATE_FIELDS);
		String name = body.text("job_name", 1, 255, true);
		String type = body.present("job_type")
				? body.oneOf("job_type", List.of("print_files", "gang_sheets"), true) : "print_files";
		Integer priority = body.present("priority") ? body.integer("priority", 1, 100, true) : Integer.valueOf(50);
		UUID printerId = body.uuid("printer_id", false);
		UUID shopId = body.uuid("shop_id", false);
		String orderRef = body.text("order_ref", 0, 255, false);
		List<UUID> fileIds = "print_files".equals(type) ? body.uuids("file_ids", 1, 100, true) : List.of();
		List<GangPlanner.ItemDraft> items = List.of();
		if ("gang_sheets".equals(type)) {
			items = this.planner.items(body);
			if (body.has("file_ids")) {
				body.fail("file_ids", "belongs to print_files jobs; a gang_sheets job names its files in items");
			}
		}
		else if (body.has("items")) {
			body.fail("items", "belongs to gang_sheets jobs; a print_files job names its files in file_ids");
		}
		Boolean hold = body.present("hold") ? body.bool("hold") : Boolean.FALSE;
		if (body.has("hold") && hold == null) {
			body.fail("hold", "must be true or false");
		}
		String config = PrintConfigRules.check(body, null, this.json);
		body.check();
		return new Draft(name, type, priority, printerId, shopId, orderRef, fileIds, items, config,
				Boolean.TRUE.equals(hold), body);
	}

	/** The named printer (an active printer of the organization), or the default printer. */
	private Mono<Printer> printerFor(UUID organizationId, @Nullable UUID printerId, String field) {
		if (printerId == null) {
			return this.printers.findDefault(organizationId)
				.switchIfEmpty(Mono.error(() -> PrintProblem.unprocessable(field,
						"is required: the organization has no active default printer")));
		}
		return this.printers.find(organizationId, printerId)
			.switchIfEmpty(Mono.error(() -> PrintProblem.unprocessable(field, "is not a printer of the organization")))
			.flatMap(printer -> printer.active() ? Mono.just(printer)
					: Mono.error(PrintProblem.unprocessable(field, "names an inactive printer")));
	}

	private Mono<Void> checkShop(KonfigPrincipal principal, @Nullable UUID shopId) {
		if (shopId == null) {
			return Mono.empty();
		}
		return this.peers.shopExists(principal, shopId)
			.flatMap(exists -> exists ? Mono.<Void>empty()
					: Mono.error(PrintProblem.unprocessable("shop_id", "is not a shop of the organization")));
	}

	/** XS-1 and PJ-5: one lookup for all ids; each a ready, printable file that fits the printer. */
	private Mono<Void> checkFiles(KonfigPrincipal principal, Draft draft, Printer printer) {
		if (draft.fileIds().isEmpty()) {
			return Mono.empty();
		}
		boolean rotation = !"never".equals(draft.body().nested("print_config").value("rotation").asString(""));
		return this.peers.lookupFiles(principal, draft.fileIds()).flatMap(lookup -> {
			for (int i = 0; i < draft.fileIds().size(); i++) {
				String field = "file_ids[" + i + "]";
				JsonNode file = lookup.found().get(draft.fileIds().get(i));
				if (file == null) {
					return Mono.error(PrintProblem.unprocessable(field, "is not a file of the organization"));
				}
				if (!"ready".equals(file.path("status").asString())) {
					return Mono.error(PrintProblem.unprocessable(field,
							"is " + file.path("status").asString() + ", not ready"));
				}
				if (!PRINTABLE.contains(file.path("mime_type").asString())) {
					return Mono.error(PrintProblem.unprocessable(field,
							"is " + file.path("mime_type").asString() + ", which is not printable (PNG, JPEG, TIFF, WebP, PDF)"));
				}
				String misfit = misfit(file.path("image"), printer, rotation);
				if (misfit != null) {
					return Mono.error(new PrintProblem(org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
							field + " does not fit the printer (" + misfit + ")",
							List.of(new FieldViolation(field, misfit)), Map.of("reason", misfit)));
				}
			}
			return Mono.empty();
		});
	}

	/** {@code media-too-narrow} or {@code media-too-short} when the file's print size does not fit. */
	@Nullable
	static String misfit(JsonNode image, Printer printer, boolean rotation) {
		if (!image.path("width_px").isNumber() || !image.path("dpi_x").isNumber() || !image.path("height_px").isNumber()
				|| !image.path("dpi_y").isNumber() || image.path("dpi_x").doubleValue() <= 0
				|| image.path("dpi_y").doubleValue() <= 0) {
			return null;
		}
		BigDecimal width = image.path("width_px").decimalValue().divide(image.path("dpi_x").decimalValue(), 3,
				RoundingMode.HALF_UP);
		BigDecimal height = image.path("height_px").decimalValue().divide(image.path("dpi_y").decimalValue(), 3,
				RoundingMode.HALF_UP);
		if (printer.fits(width, height) || (rotation && printer.fitsRotated(width, height))) {
			return null;
		}
		boolean narrow = width.compareTo(printer.maxWidthInches()) > 0
				&& (!rotation || width.compareTo(printer.maxHeightInches()) > 0
						|| height.compareTo(printer.maxWidthInches()) > 0);
		return narrow ? "media-too-narrow" : "media-too-short";
	}

	/** GS-1: a gang_sheets job's layout, computed at creation; a refused layout is a 422 and no job. */
	private Mono<GangPlanner.Plan> plan(KonfigPrincipal principal, Draft draft, Printer printer) {
		if (!"gang_sheets".equals(draft.type())) {
			return Mono.empty();
		}
		JsonNode config = this.json.readTree(draft.config());
		return this.planner.plan(principal, printer, draft.items(), config, null);
	}

	private Mono<PrintJob> insert(KonfigPrincipal principal, Draft draft, Printer printer,
			@Nullable GangPlanner.Plan plan) {
		Instant now = Instant.now();
		UUID layoutId = plan == null ? null : UUID.randomUUID();
		String items = plan == null ? null : this.json.writeValueAsString(plan.items());
		PrintJob job = new PrintJob(UUID.randomUUID(), printer.organizationId(), principal.subject(),
				principal.type().claim(), draft.name(), draft.type(), draft.hold() ? JobStates.HELD : JobStates.PENDING,
				draft.hold() ? "hold-requested" : null, draft.priority(), printer.id(), printer.name(), draft.shopId(),
				draft.orderRef(), draft.fileIds(), items, draft.config(), 0, null, null, null, null, 0, 0, List.of(),
				layoutId, null, null, null, null, null, 1, now, now);
		return this.transaction.transactional(this.jobs.openJobs(job.organizationId()).flatMap(open -> {
			if (open >= this.properties.maxOpenJobsPerOrganization()) {
				return Mono.error(PrintProblem.conflict("The organization has the most pending and held jobs allowed ("
						+ this.properties.maxOpenJobsPerOrganization() + ")", Map.of("count", open)));
			}
			return this.jobs.insert(job);
		}).flatMap(created -> {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("job_type", created.jobType());
			data.put("job_name", created.jobName());
			data.put("printer_id", created.printerId());
			data.put("priority", created.priority());
			if (plan == null) {
				data.put("file_count", created.fileIds().size());
			}
			else {
				data.put("item_count", plan.items().size());
				data.put("total_copies", plan.layout().totalCopies());
			}
			data.put("shop_id", created.shopId());
			data.put("status", created.status());
			return this.jobs.appendHistory(created, null, created.stateReason(), null, Actors.of(principal))
				.then(this.outbox.appendFromRequest(AuditEvent.of(created.organizationId(), "print_job.created",
						"print_job", created.id(), AuditEvent.SUCCESS, data)))
				.then(plan == null ? Mono.<Void>empty()
						: this.layouts.store(created.organizationId(), created.id(), layoutId, plan))
				.thenReturn(created);
		}));
	}

	Mono<PrintJob> get(KonfigPrincipal principal, UUID id) {
		return this.jobs.find(principal.requireOrganization(), id)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("The print job was not found")));
	}

	/** A user's transition (hold, release, cancel, retry): the creator or an admin. */
	Mono<PrintJob> act(KonfigPrincipal principal, UUID id, JobStates.Trigger trigger) {
		return get(principal, id).flatMap(job -> {
			requireCreatorOrAdmin(principal, job);
			return this.transaction.transactional(switch (trigger) {
				case HOLD -> this.transitions.apply(job.organizationId(), id, trigger, null,
						"state_reason = 'hold-requested'", Map.of(), "hold-requested", null, Actors.of(principal));
				case RELEASE -> this.transitions.apply(job.organizationId(), id, trigger, null,
						"state_reason = 'release-requested'", Map.of(), "release-requested", null, Actors.of(principal));
				case CANCEL -> this.transitions.apply(job.organizationId(), id, trigger, null,
						"state_reason = 'cancelled-by-user', completed_at = now(), lease_expires_at = NULL", Map.of(),
						"cancelled-by-user", null, Actors.of(principal));
				case RETRY -> this.transitions.apply(job.organizationId(), id, trigger, null,
						"retry_count = retry_count + 1, attempt = 0, error_message = NULL, started_at = NULL, "
								+ "completed_at = NULL, state_reason = NULL, output_files = '{}', progress_percentage = 0, "
								+ "estimated_completion = NULL, claim_id = NULL, claimed_by = NULL, claimed_by_type = NULL, "
								+ "lease_expires_at = NULL",
						Map.of(), "retry-requested", null, Actors.of(principal));
				default -> Mono.error(new IllegalArgumentException(trigger.name()));
			});
		});
	}

	/** PATCH: only while pending or held; a new printer is a move. */
	Mono<PrintJob> update(KonfigPrincipal principal, UUID id, JsonNode request, @Nullable String ifMatch) {
		return Mono.fromCallable(() -> {
			JsonBody body = JsonBody.of(request, PATCH_FIELDS);
			body.text("job_name", 1, 255, body.has("job_name"));
			if (body.has("priority")) {
				body.integer("priority", 1, 100, true);
			}
			body.text("order_ref", 0, 255, false);
			UUID printer = body.has("printer_id") ? body.uuid("printer_id", true) : null;
			PrintConfigRules.check(body, null, this.json);
			body.check();
			return EntityTags.optionalVersions(ifMatch);
		}).flatMap(versions -> get(principal, id).flatMap(current -> {
			requireCreatorOrAdmin(principal, current);
			if (!versions.isEmpty() && !versions.contains((long) current.version())) {
				return Mono.error(new PreconditionFailedException("The print job changed since the ETag If-Match names"));
			}
			if (!JobStates.PENDING.equals(current.status()) && !JobStates.HELD.equals(current.status())) {
				return Mono.error(PrintProblem.wrongState("edited", current.status()));
			}
			if ("gang_sheets".equals(current.jobType())) {
				// The stored layout was made for this printer and print config (GS-10, immutable).
				for (String field : List.of("print_config", "printer_id")) {
					if (request.has(field)) {
						return Mono.error(PrintProblem.unprocessable(field, "cannot change on a gang_sheets job: its "
								+ "layout is fixed at creation; cancel it and create another"));
					}
				}
			}
			JsonBody body = JsonBody.of(request, PATCH_FIELDS);
			UUID printerId = body.has("printer_id") ? body.uuid("printer_id", true) : current.printerId();
			Mono<Printer> printer = (printerId == null || printerId.equals(current.printerId()))
					? this.printers.find(current.organizationId(), current.printerId() == null ? new UUID(0, 0)
							: current.printerId()).defaultIfEmpty(placeholder(current))
					: printerFor(current.organizationId(), printerId, "printer_id");
			return printer.flatMap(target -> {
				String config = body.has("print_config") ? PrintConfigRules.check(body, target, this.json)
						: current.printConfig();
				body.check();
				Map<String, Object> values = new LinkedHashMap<>();
				values.put("name", body.has("job_name") ? body.text("job_name", 1, 255, true) : current.jobName());
				values.put("priority", (short) (body.has("priority") ? body.integer("priority", 1, 100, true)
						: current.priority()));
				values.put("config", config);
				values.put("orderRef", org.springframework.r2dbc.core.Parameter.fromOrEmpty(
						body.has("order_ref") ? body.text("order_ref", 0, 255, false) : current.orderRef(), String.class));
				values.put("printer", org.springframework.r2dbc.core.Parameter.fromOrEmpty(
						target.id().equals(new UUID(0, 0)) ? null : target.id(), UUID.class));
				values.put("printerName", org.springframework.r2dbc.core.Parameter.fromOrEmpty(
						target.id().equals(new UUID(0, 0)) ? null : target.name(), String.class));
				return this.transaction.transactional(this.jobs
					.transition(current.organizationId(), id, List.of(current.status()), current.status(),
							null, "job_name = :name, priority = :priority, print_config = CAST(:config AS jsonb), "
									+ "order_ref = :orderRef, printer_id = :printer, printer_name = :printerName",
							values)
					.switchIfEmpty(Mono.defer(() -> get(principal, id)
						.flatMap(now -> Mono.error(PrintProblem.wrongState("edited", now.status())))))
					.flatMap(done -> updated(current, done.job())));
			});
		}));
	}

	private static Printer placeholder(PrintJob job) {
		return new Printer(new UUID(0, 0), job.organizationId(), null, null, "", "other", null, null, null,
				BigDecimal.valueOf(500), BigDecimal.valueOf(500), 300, null, true, false, false, "{}", 1, Instant.now(),
				Instant.now());
	}

	private Mono<PrintJob> updated(PrintJob before, PrintJob after) {
		boolean moved = !java.util.Objects.equals(before.printerId(), after.printerId());
		Map<String, Object> data = new LinkedHashMap<>();
		Map<String, Object> old = new LinkedHashMap<>();
		Map<String, Object> now = new LinkedHashMap<>();
		if (!before.jobName().equals(after.jobName())) {
			old.put("job_name", before.jobName());
			now.put("job_name", after.jobName());
		}
		if (before.priority() != after.priority()) {
			old.put("priority", before.priority());
			now.put("priority", after.priority());
		}
		if (!java.util.Objects.equals(before.orderRef(), after.orderRef())) {
			old.put("order_ref", before.orderRef());
			now.put("order_ref", after.orderRef());
		}
		if (!this.json.readTree(before.printConfig()).equals(this.json.readTree(after.printConfig()))) {
			old.put("print_config", this.json.readValue(before.printConfig(), Map.class));
			now.put("print_config", this.json.readValue(after.printConfig(), Map.class));
		}
		data.put("before", old);
		data.put("after", now);
		Mono<Void> events = this.outbox.appendFromRequest(
				AuditEvent.of(after.organizationId(), "print_job.updated", "print_job", after.id(), AuditEvent.SUCCESS, data));
		if (moved) {
			Map<String, Object> move = new LinkedHashMap<>();
			move.put("from_printer_id", before.printerId());
			move.put("to_printer_id", after.printerId());
			events = events.then(this.outbox.appendFromRequest(AuditEvent.of(after.organizationId(), "print_job.moved",
					"print_job", after.id(), AuditEvent.SUCCESS, move)));
		}
		return events.thenReturn(after);
	}

	Mono<List<Map<String, Object>>> history(KonfigPrincipal principal, UUID id) {
		return get(principal, id).flatMap(job -> this.jobs.history(job.organizationId(), id).collectList());
	}

	private static void requireCreatorOrAdmin(KonfigPrincipal principal, PrintJob job) {
		if (principal.hasRole(Role.ADMIN) || principal.subject().equals(job.createdBy())) {
			return;
		}
		throw new ForbiddenException("Only the job's creator or an admin may change it");
	}

	/** The list's filters, as sent. */
	record Filter(@Nullable String status, @Nullable String jobType, @Nullable String printerId,
			@Nullable String shopId, @Nullable String createdBy, @Nullable String nameContains,
			@Nullable String createdAfter, @Nullable String createdBefore) {
	}

	Mono<Page<PrintJob>> list(KonfigPrincipal principal, Filter filter, PageRequest page) {
		return Mono.defer(() -> {
			UUID org = principal.requireOrganization();
			List<FieldViolation> errors = new ArrayList<>();
			StringBuilder sql = new StringBuilder("SELECT " + JobRepository.COLUMNS
					+ " FROM print_jobs WHERE organization_id = :org");
			Map<String, Object> values = new LinkedHashMap<>();
			values.put("org", org);
			List<String> statuses = values(filter.status(), JobStates.ALL, "status", errors);
			if (statuses != null) {
				sql.append(" AND status = ANY(:statuses)");
				values.put("statuses", statuses.toArray(String[]::new));
			}
			List<String> types = values(filter.jobType(), List.of("print_files", "gang_sheets"), "job_type", errors);
			if (types != null) {
				sql.append(" AND job_type = ANY(:types)");
				values.put("types", types.toArray(String[]::new));
			}
			uuidFilter(filter.printerId(), "printer_id", sql, values, errors);
			uuidFilter(filter.shopId(), "shop_id", sql, values, errors);
			if (filter.createdBy() != null) {
				sql.append(" AND created_by = :createdBy");
				values.put("createdBy", filter.createdBy());
			}
			if (filter.nameContains() != null && !filter.nameContains().isEmpty()) {
				sql.append(" AND lower(job_name) LIKE :pattern ESCAPE '\\'");
				values.put("pattern", "%" + filter.nameContains().toLowerCase(Locale.ROOT).replace("\\", "\\\\")
					.replace("%", "\\%").replace("_", "\\_") + "%");
			}
			time(filter.createdAfter(), "created_after", " AND created_at >= :after", "after", sql, values, errors);
			time(filter.createdBefore(), "created_before", " AND created_at < :before", "before", sql, values, errors);
			if (!errors.isEmpty()) {
				throw new BadRequestException("The filters are invalid", errors);
			}
			KeysetCursor.TimeAndId after = page.after(KeysetCursor::decodeTimeAndId);
			if (after != null) {
				sql.append(" AND (created_at, id) < (:afterTime, :afterId)");
				values.put("afterTime", after.time());
				values.put("afterId", after.id());
			}
			sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
			values.put("limit", page.fetchSize());
			return Page.from(this.db.sql(sql.toString()).bindValues(values).map(JobRepository::job).all(), page,
					job -> new KeysetCursor.TimeAndId(job.createdAt(), job.id()).encode());
		});
	}

	@Nullable
	private static List<String> values(@Nullable String text, List<String> allowed, String field,
			List<FieldViolation> errors) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		List<String> values = List.of(text.split(","));
		if (!allowed.containsAll(values)) {
			errors.add(new FieldViolation(field, "must be one or more (comma separated) of " + String.join(", ", allowed)));
			return null;
		}
		return values;
	}

	private static void uuidFilter(@Nullable String text, String column, StringBuilder sql, Map<String, Object> values,
			List<FieldViolation> errors) {
		if (text == null || text.isEmpty()) {
			return;
		}
		try {
			values.put(column, UUID.fromString(text));
			sql.append(" AND ").append(column).append(" = :").append(column);
		}
		catch (IllegalArgumentException ex) {
			errors.add(new FieldViolation(column, "must be a UUID"));
		}
	}

	private static void time(@Nullable String text, String field, String clause, String name, StringBuilder sql,
			Map<String, Object> values, List<FieldViolation> errors) {
		if (text == null || text.isEmpty()) {
			return;
		}
		try {
			values.put(name, OffsetDateTime.parse(text).toInstant());
			sql.append(clause);
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldViolation(field, "must be an ISO-8601 time with an offset"));
		}
	}

	/** PJ-10. */
	Mono<Map<String, Object>> stats(KonfigPrincipal principal, @Nullable String daysText) {
		return Mono.defer(() -> {
			int days = 30;
			if (daysText != null) {
				try {
					days = Integer.parseInt(daysText);
				}
				catch (NumberFormatException ex) {
					days = 0;
				}
				if (days < 1 || days > 365) {
					throw new BadRequestException("days must be 1 to 365",
							List.of(new FieldViolation("days", "must be an integer from 1 to 365")));
				}
			}
			Instant to = Instant.now();
			Instant from = to.minus(Duration.ofDays(days));
			int window = days;
			UUID org = principal.requireOrganization();
			return this.db
				.sql("SELECT status, job_type, count(*) AS n, avg(EXTRACT(EPOCH FROM completed_at - started_at)) "
						+ "FILTER (WHERE status = 'completed' AND started_at IS NOT NULL AND completed_at IS NOT NULL) AS avg "
						+ "FROM print_jobs WHERE organization_id = :org AND created_at >= :from GROUP BY status, job_type")
				.bind("org", org)
				.bind("from", from)
				.map(row -> new Object[] { row.get("status", String.class), row.get("job_type", String.class),
						row.get("n", Long.class), row.get("avg", BigDecimal.class) })
				.all()
				.collectList()
				.map(rows -> {
					Map<String, Long> byStatus = new TreeMap<>();
					Map<String, Long> byType = new TreeMap<>();
					long total = 0;
					BigDecimal weighted = BigDecimal.ZERO;
					long completed = 0;
					for (Object[] row : rows) {
						long n = (Long) row[2];
						total += n;
						byStatus.merge((String) row[0], n, Long::sum);
						byType.merge((String) row[1], n, Long::sum);
						if (row[3] != null) {
							weighted = weighted.add(((BigDecimal) row[3]).multiply(BigDecimal.valueOf(n)));
							completed += n;
						}
					}
					Map<String, Object> stats = new LinkedHashMap<>();
					stats.put("window_days", window);
					stats.put("from", from);
					stats.put("to", to);
					stats.put("total_jobs", total);
					stats.put("by_status", byStatus);
					stats.put("by_type", byType);
					stats.put("avg_processing_seconds", completed == 0 ? null
							: weighted.divide(BigDecimal.valueOf(completed), 1, RoundingMode.HALF_UP));
					return stats;
				});
		});
	}

	/** PJ-11: the caller's organization only. */
	Mono<Map<String, Object>> queue(KonfigPrincipal principal, @Nullable String printerText, @Nullable String jobType) {
		return Mono.defer(() -> {
			UUID org = principal.requireOrganization();
			List<FieldViolation> errors = new ArrayList<>();
			StringBuilder where = new StringBuilder(" WHERE organization_id = :org");
			Map<String, Object> values = new LinkedHashMap<>();
			values.put("org", org);
			uuidFilter(printerText, "printer_id", where, values, errors);
			List<String> types = values(jobType, List.of("print_files", "gang_sheets"), "job_type", errors);
			if (types != null) {
				where.append(" AND job_type = ANY(:types)");
				values.put("types", types.toArray(String[]::new));
			}
			if (!errors.isEmpty()) {
				throw new BadRequestException("The filters are invalid", errors);
			}
			long onlineSeconds = this.properties.agentPollInterval().toSeconds() * 3;
			return this.db.sql("SELECT count(*) FILTER (WHERE status = 'pending') AS pending, "
					+ "count(*) FILTER (WHERE status = 'held') AS held, "
					+ "count(*) FILTER (WHERE status = 'processing') AS processing, "
					+ "(SELECT avg(EXTRACT(EPOCH FROM completed_at - started_at)) FROM print_jobs" + where
					+ " AND status = 'completed' AND completed_at >= now() - interval '7 days' AND started_at IS NOT NULL) AS avg, "
					+ "(SELECT count(*) FROM print_agents WHERE organization_id = :org AND enabled "
					+ "AND last_seen_at >= now() - make_interval(secs => :online)) AS agents FROM print_jobs" + where
					+ " AND status IN ('pending', 'held', 'processing')")
				.bindValues(values)
				.bind("online", (double) onlineSeconds)
				.map(row -> {
					long pending = row.get("pending", Long.class);
					BigDecimal avg = row.get("avg", BigDecimal.class);
					Map<String, Object> info = new LinkedHashMap<>();
					info.put("pending_jobs", pending);
					info.put("held_jobs", row.get("held", Long.class));
					info.put("processing_jobs", row.get("processing", Long.class));
					info.put("active_agents", row.get("agents", Long.class));
					info.put("estimated_wait_seconds", pending == 0 ? Long.valueOf(0)
							: avg == null ? null : avg.multiply(BigDecimal.valueOf(pending)).setScale(0, RoundingMode.HALF_UP).longValue());
					return info;
				})
				.one();
		});
	}

}

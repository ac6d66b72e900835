package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.PreconditionFailedException;
import dev.konfig.print.peer.Peers;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.JsonObjects;
import dev.konfig.print.system.PrintProblem;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What callers may do with their organization's printers (spec §1). Members read; admins and
 * owners manage (an API key has no role, so it reads only). Every change writes its event in
 * its own transaction; a refused change writes nothing.
 */
@Service
class PrinterService {

	static final List<String> TYPES = List.of("inkjet", "laser", "sublimation", "dtg", "dtf", "uv", "vinyl", "thermal",
			"other");

	static final BigDecimal MAX_INCHES = BigDecimal.valueOf(500);

	private static final Set<String> FIELDS = Set.of("name", "printer_type", "manufacturer", "model", "notes",
			"max_width_inches", "max_height_inches", "dpi", "supported_template_ids", "is_active", "is_default",
			"paused", "printer_config");

	private final PrinterRepository printers;

	private final PrintProperties properties;

	private final Outbox outbox;

	private final TransactionalOperator transaction;

	private final JsonMapper json;

	private final Peers peers;

	PrinterService(PrinterRepository printers, PrintProperties properties, Outbox outbox,
			TransactionalOperator transaction, JsonMapper json, Peers peers) {
		this.printers = printers;
		this.properties = properties;
		this.outbox = outbox;
		this.transaction = transaction;
		this.json = json;
		this.peers = peers;
	}

	Mono<Printer> create(KonfigPrincipal principal, JsonNode request) {
		return Mono.fromCallable(() -> {
			principal.requireRole(Role.ADMIN);
			UUID org = principal.requireOrganization();
			JsonBody body = JsonBody.of(request, FIELDS);
			Fields fields = fields(body, null);
			body.check();
			if (fields.isDefault && !fields.active) {
				throw PrintProblem.conflict("Only an active printer can be the default", Map.of("is_active", false));
			}
			Instant now = Instant.now();
			return new Printer(UUID.randomUUID(), org, principal.subject(), principal.type().claim(), fields.name,
					fields.type, fields.manufacturer, fields.model, fields.notes, fields.width, fields.height,
					fields.dpi, fields.templates, fields.active, fields.isDefault, fields.paused, fields.config, 1, now,
					now);
		})
			.flatMap(printer -> this.transaction.transactional(this.printers.lockOrganization(printer.organizationId())
				.then(this.printers.countOf(printer.organizationId()))
				.flatMap(count -> (count >= this.properties.maxPrintersPerOrganization())
						? Mono.error(PrintProblem.conflict(
								"The organization has the most printers allowed ("
										+ this.properties.maxPrintersPerOrganization() + ")",
								Map.of("max_printers", this.properties.maxPrintersPerOrganization())))
						: this.printers.insert(printer))
				.flatMap(created -> record(created, "printer.created", identity(created))
					.then(printer.isDefault() ? setDefaultLocked(created) : Mono.just(created)))));
	}

	Mono<Printer> get(KonfigPrincipal principal, UUID id) {
		return this.printers.find(principal.requireOrganization(), id).switchIfEmpty(notFound());
	}

	Mono<Page<Printer>> list(KonfigPrincipal principal, @Nullable String activeOnly, @Nullable String type,
			PageRequest page) {
		return Mono.defer(() -> {
			boolean active = !"false".equals(activeOnly);
			if (activeOnly != null && !"true".equals(activeOnly) && !"false".equals(activeOnly)) {
				throw invalid("active_only", "must be true or false");
			}
			if (type != null && !TYPES.contains(type)) {
				throw invalid("printer_type", "must be one of " + String.join(", ", TYPES));
			}
			if (page.limit() > 100) {
				throw invalid("limit", "must be 1 to 100");
			}
			PrinterCursor after = page.after(PrinterCursor::decode);
			return Page.from(this.printers.page(principal.requireOrganization(), active, type, after, page.fetchSize()),
					page, printer -> PrinterCursor.of(printer).encode());
		});
	}

	/** PATCH and PUT: the fields sent change; the row stays locked from the read to the event. */
	Mono<Printer> update(KonfigPrincipal principal, UUID id, JsonNode request, @Nullable String ifMatch) {
		return Mono.fromCallable(() -> {
			principal.requireRole(Role.ADMIN);
			List<Long> versions = EntityTags.optionalVersions(ifMatch);
			JsonBody body = JsonBody.of(request, FIELDS);
			body.check();
			return versions;
		})
			.flatMap(versions -> this.transaction.transactional(this.printers
				.lockOrganization(principal.requireOrganization())
				.then(this.printers.findForUpdate(principal.requireOrganization(), id))
				.switchIfEmpty(notFound())
				.flatMap(current -> {
					if (!versions.isEmpty() && !versions.contains((long) current.version())) {
						return Mono.error(new PreconditionFailedException(
								"The printer changed since the ETag If-Match names"));
					}
					JsonBody body = JsonBody.of(request, FIELDS);
					Fields fields = fields(body, current);
					body.check();
					if (body.present("is_default") && fields.isDefault && !fields.active) {
						return Mono.error(PrintProblem.conflict("Only an active printer can be the default",
								Map.of("is_active", false)));
					}
					fields.isDefault = fields.isDefault && fields.active;
					return apply(current, fields);
				})));
	}

	Mono<Void> delete(KonfigPrincipal principal, UUID id) {
		return Mono.fromRunnable(() -> principal.requireRole(Role.ADMIN))
			.then(this.transaction.transactional(this.printers.findForUpdate(principal.requireOrganization(), id)
				.switchIfEmpty(notFound())
				.flatMap(printer -> this.printers.openJobs(id).flatMap(open -> {
					if (open > 0) {
						return Mono.error(PrintProblem.conflict("The printer has " + open
								+ " pending, held or processing jobs; cancel or move them first", Map.of("count", open)));
					}
					return this.printers.delete(printer.organizationId(), id)
						.flatMap(deleted -> record(deleted, "printer.deleted", identity(deleted)));
				}))));
	}

	Mono<Printer> setDefault(KonfigPrincipal principal, UUID id) {
		return Mono.fromRunnable(() -> principal.requireRole(Role.ADMIN))
			.then(this.transaction.transactional(this.printers.lockOrganization(principal.requireOrganization())
				.then(this.printers.findForUpdate(principal.requireOrganization(), id))
				.switchIfEmpty(notFound())
				.flatMap(printer -> {
					if (!printer.active()) {
						return Mono.error(PrintProblem.conflict("Only an active printer can be the default",
								Map.of("is_active", false)));
					}
					return printer.isDefault() ? Mono.just(printer) : setDefaultLocked(printer);
				})));
	}

	/** PR-3 under the organization's lock: this printer becomes the only default. */
	private Mono<Printer> setDefaultLocked(Printer printer) {
		Map<String, Object> data = new LinkedHashMap<>();
		return this.printers.makeDefault(printer.organizationId(), printer.id())
			.map(Object::toString)
			.defaultIfEmpty("")
			.flatMap(previous -> {
				data.put("from", previous.isEmpty() ? null : previous);
				data.put("to", printer.id().toString());
				return record(printer, "printer.default_changed", data);
			})
			.then(this.printers.find(printer.organizationId(), printer.id()));
	}

	Mono<Printer> pause(KonfigPrincipal principal, UUID id, boolean paused) {
		return Mono.fromRunnable(() -> principal.requireRole(Role.ADMIN))
			.then(this.transaction.transactional(this.printers.findForUpdate(principal.requireOrganization(), id)
				.switchIfEmpty(notFound())
				.flatMap(current -> {
					if (current.paused() == paused) {
						return Mono.just(current);
					}
					Printer changed = copy(current, current.name(), current.printerType(), current.manufacturer(),
							current.model(), current.notes(), current.maxWidthInches(), current.maxHeightInches(),
							current.dpi(), current.supportedTemplateIds(), current.active(), paused,
							current.printerConfig());
					return this.printers.update(changed)
						.flatMap(updated -> record(updated, paused ? "printer.paused" : "printer.resumed", Map.of())
							.thenReturn(updated));
				})));
	}

	/** Adds ({@code add}) or removes a template of an explicit list. */
	Mono<Printer> template(KonfigPrincipal principal, UUID id, UUID templateId, boolean add) {
		return Mono.fromRunnable(() -> principal.requireRole(Role.ADMIN))
			.then(this.transaction.transactional(this.printers.findForUpdate(principal.requireOrganization(), id)
				.switchIfEmpty(notFound())
				.flatMap(current -> {
					List<UUID> templates = current.supportedTemplateIds();
					if (templates == null) {
						return add ? Mono.just(current)
								: Mono.error(PrintProblem.conflict(
										"printer supports every template; set an explicit list with PATCH first",
										Map.of()));
					}
					List<UUID> changed = new ArrayList<>(templates);
					if (add ? changed.contains(templateId) : !changed.remove(templateId)) {
						return Mono.just(current);
					}
					if (add) {
						if (changed.size() >= 100) {
							return Mono.error(invalid("template_id", "a printer lists at most 100 templates"));
						}
						changed.add(templateId);
					}
					Fields fields = Fields.of(current);
					fields.templates = List.copyOf(changed);
					return apply(current, fields);
				})));
	}

	Mono<Capability.Answer> capability(KonfigPrincipal principal, UUID id, Capability.Question question,
			@Nullable UUID fileId) {
		return get(principal, id).flatMap(printer -> pixels(principal, fileId)
			.map(pixels -> Capability.check(printer, withPixels(question, pixels), this.properties.minEffectiveDpi()))
			.defaultIfEmpty(Capability.check(printer, question, this.properties.minEffectiveDpi())));
	}

	/** PR-6: active printers that fit, default first, then DPI descending, then name. */
	Mono<List<PrinterResponse>> compatible(KonfigPrincipal principal, Capability.Question question) {
		return this.printers.all(principal.requireOrganization())
			.filter(Printer::active)
			.filter(printer -> Capability.check(printer, question, this.properties.minEffectiveDpi()).canPrint())
			.collectList()
			.map(found -> found.stream()
				.sorted(java.util.Comparator.comparing((Printer printer) -> !printer.isDefault())
					.thenComparing(Printer::dpi, java.util.Comparator.reverseOrder())
					.thenComparing(printer -> printer.name().toLowerCase(java.util.Locale.ROOT))
					.thenComparing(Printer::id))
				.map(this::response)
				.toList());
	}

	Mono<Printer> defaultPrinter(KonfigPrincipal principal) {
		return this.printers.findDefault(principal.requireOrganization())
			.switchIfEmpty(Mono.error(() -> new NotFoundException("The organization has no active default printer")));
	}

	/** PR-7. */
	Mono<Map<String, Object>> stats(KonfigPrincipal principal) {
		return this.printers.all(principal.requireOrganization()).collectList().map(all -> {
			List<Printer> active = all.stream().filter(Printer::active).toList();
			Map<String, Long> byType = new TreeMap<>();
			active.forEach(printer -> byType.merge(printer.printerType(), 1L, Long::sum));
			Map<String, Object> stats = new LinkedHashMap<>();
			stats.put("total_printers", all.size());
			stats.put("active_printers", active.size());
			stats.put("by_type", byType);
			stats.put("default_printer_id",
					active.stream().filter(Printer::isDefault).map(Printer::id).findFirst().orElse(null));
			stats.put("average_dpi", active.isEmpty() ? null
					: Math.round(active.stream().mapToInt(Printer::dpi).average().orElse(0) * 10) / 10.0);
			return stats;
		});
	}

	PrinterResponse response(Printer printer) {
		return PrinterResponse.of(printer, JsonObjects.plain(printer.printerConfig(), this.json));
	}

	private Mono<int[]> pixels(KonfigPrincipal principal, @Nullable UUID fileId) {
		if (fileId == null) {
			return Mono.empty();
		}
		return this.peers.lookupFiles(principal, List.of(fileId)).flatMap(lookup -> {
			JsonNode file = lookup.found().get(fileId);
			if (file == null) {
				return Mono.error(PrintProblem.unprocessable("file_id", "is not a file of the organization"));
			}
			JsonNode image = file.path("image");
			if (!image.path("width_px").isIntegralNumber() || !image.path("height_px").isIntegralNumber()) {
				return Mono.error(PrintProblem.unprocessable("file_id", "has no known pixel size"));
			}
			return Mono.just(new int[] { image.path("width_px").intValue(), image.path("height_px").intValue() });
		});
	}

	private static Capability.Question withPixels(Capability.Question question, int[] pixels) {
		return new Capability.Question(question.widthInches(), question.heightInches(), question.templateId(),
				question.allowRotation(), pixels);
	}

	private Mono<Printer> apply(Printer current, Fields fields) {
		Map<String, Object> old = new LinkedHashMap<>();
		Map<String, Object> now = new LinkedHashMap<>();
		compare("name", current.name(), fields.name, old, now);
		compare("printer_type", current.printerType(), fields.type, old, now);
		compare("manufacturer", current.manufacturer(), fields.manufacturer, old, now);
		compare("model", current.model(), fields.model, old, now);
		compare("notes", current.notes(), fields.notes, old, now);
		compareNumber("max_width_inches", current.maxWidthInches(), fields.width, old, now);
		compareNumber("max_height_inches", current.maxHeightInches(), fields.height, old, now);
		compare("dpi", current.dpi(), fields.dpi, old, now);
		compare("supported_template_ids", current.supportedTemplateIds(), fields.templates, old, now);
		compare("is_active", current.active(), fields.active, old, now);
		compare("paused", current.paused(), fields.paused, old, now);
		if (!this.json.readTree(current.printerConfig()).equals(this.json.readTree(fields.config))) {
			old.put("printer_config", JsonObjects.plain(current.printerConfig(), this.json));
			now.put("printer_config", JsonObjects.plain(fields.config, this.json));
		}
		boolean makeDefault = fields.isDefault && !current.isDefault();
		if (now.isEmpty() && !makeDefault && !(current.isDefault() && !fields.isDefault)) {
			return Mono.just(current);
		}
		Printer changed = copy(current, fields.name, fields.type, fields.manufacturer, fields.model, fields.notes,
				fields.width, fields.height, fields.dpi, fields.templates, fields.active, fields.paused, fields.config);
		Mono<Printer> written = now.isEmpty() ? Mono.just(current) : this.printers.update(changed).flatMap(updated -> {
			Map<String, Object> data = identity(updated);
			data.put("before", old);
			data.put("after", now);
			return record(updated, "printer.updated", data).thenReturn(updated);
		});
		if (makeDefault) {
			return written.flatMap(this::setDefaultLocked);
		}
		if (current.isDefault() && !fields.isDefault) {
			return written.flatMap(updated -> this.printers.makeDefault(updated.organizationId(), new UUID(0, 0))
				.then(record(updated, "printer.default_changed", defaultChange(updated.id(), null)))
				.then(this.printers.find(updated.organizationId(), updated.id())));
		}
		return written;
	}

	private static Map<String, Object> defaultChange(@Nullable UUID from, @Nullable UUID to) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("from", from == null ? null : from.toString());
		data.put("to", to == null ? null : to.toString());
		return data;
	}

	private static Printer copy(Printer current, String name, String type, @Nullable String manufacturer,
			@Nullable String model, @Nullable String notes, BigDecimal width, BigDecimal height, int dpi,
			@Nullable List<UUID> templates, boolean active, boolean paused, String config) {
		return new Printer(current.id(), current.organizationId(), current.createdBy(), current.createdByType(), name,
				type, manufacturer, model, notes, width, height, dpi, templates, active, current.isDefault() && active,
				paused, config, current.version(), current.createdAt(), current.updatedAt());
	}

	private static void compare(String field, @Nullable Object before, @Nullable Object after, Map<String, Object> old,
			Map<String, Object> now) {
		if (!Objects.equals(before, after)) {
			old.put(field, before);
			now.put(field, after);
		}
	}

	private static void compareNumber(String field, BigDecimal before, BigDecimal after, Map<String, Object> old,
			Map<String, Object> now) {
		if (before.compareTo(after) != 0) {
			old.put(field, PrinterResponse.plain(before));
			now.put(field, PrinterResponse.plain(after));
		}
	}

	/** The body's fields over the current printer's (or the defaults when creating). */
	private Fields fields(JsonBody body, @Nullable Printer current) {
		Fields fields = (current == null) ? new Fields() : Fields.of(current);
		boolean creating = current == null;
		if (creating || body.has("name")) {
			fields.name = or(body.text("name", 1, 255, true), fields.name);
		}
		if (body.has("printer_type")) {
			fields.type = or(body.oneOf("printer_type", TYPES, true), fields.type);
		}
		if (body.has("manufacturer")) {
			fields.manufacturer = body.text("manufacturer", 0, 100, false);
		}
		if (body.has("model")) {
			fields.model = body.text("model", 0, 100, false);
		}
		if (body.has("notes")) {
			fields.notes = body.text("notes", 0, 10_000, false);
		}
		if (creating || body.has("max_width_inches")) {
			fields.width = or(body.inches("max_width_inches", BigDecimal.ZERO, false, MAX_INCHES, true), fields.width);
		}
		if (creating || body.has("max_height_inches")) {
			fields.height = or(body.inches("max_height_inches", BigDecimal.ZERO, false, MAX_INCHES, true),
					fields.height);
		}
		if (body.has("dpi")) {
			fields.dpi = or(body.integer("dpi", 150, 1200, true), fields.dpi);
		}
		if (body.has("supported_template_ids")) {
			fields.templates = body.uuids("supported_template_ids", 0, 100, false);
		}
		if (body.has("is_active")) {
			fields.active = or(bool(body, "is_active"), fields.active);
		}
		if (body.has("is_default")) {
			fields.isDefault = or(bool(body, "is_default"), fields.isDefault);
		}
		if (body.has("paused")) {
			fields.paused = or(bool(body, "paused"), fields.paused);
		}
		if (body.has("printer_config")) {
			fields.config = or(body.present("printer_config") ? JsonObjects.text(body, "printer_config", this.json) : "{}",
					fields.config);
		}
		return fields;
	}

	@Nullable
	private static Boolean bool(JsonBody body, String field) {
		if (!body.present(field)) {
			body.fail(field, "must be true or false");
			return null;
		}
		return body.bool(field);
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value == null) ? fallback : value;
	}

	/** A printer's writable fields while a request is read. */
	private static final class Fields {

		String name = "";

		String type = "inkjet";

		@Nullable
		String manufacturer;

		@Nullable
		String model;

		@Nullable
		String notes;

		BigDecimal width = BigDecimal.ONE;

		BigDecimal height = BigDecimal.ONE;

		int dpi = 300;

		@Nullable
		List<UUID> templates;

		boolean active = true;

		boolean isDefault;

		boolean paused;

		String config = "{}";

		static Fields of(Printer printer) {
			Fields fields = new Fields();
			fields.name = printer.name();
			fields.type = printer.printerType();
			fields.manufacturer = printer.manufacturer();
			fields.model = printer.model();
			fields.notes = printer.notes();
			fields.width = printer.maxWidthInches();
			fields.height = printer.maxHeightInches();
			fields.dpi = printer.dpi();
			fields.templates = printer.supportedTemplateIds();
			fields.active = printer.active();
			fields.isDefault = printer.isDefault();
			fields.paused = printer.paused();
			fields.config = printer.printerConfig();
			return fields;
		}

	}

	private static Map<String, Object> identity(Printer printer) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", printer.name());
		data.put("printer_type", printer.printerType());
		data.put("max_width_inches", PrinterResponse.plain(printer.maxWidthInches()));
		data.put("max_height_inches", PrinterResponse.plain(printer.maxHeightInches()));
		data.put("dpi", printer.dpi());
		return data;
	}

	private Mono<Void> record(Printer printer, String type, Map<String, Object> data) {
		return this.outbox
			.appendFromRequest(AuditEvent.of(printer.organizationId(), type, "printer", printer.id(), AuditEvent.SUCCESS,
					data));
	}

	static BadRequestException invalid(String field, String message) {
		return new BadRequestException(field + " " + message, List.of(new FieldViolation(field, message)));
	}

	private static <T> Mono<T> notFound() {
		return Mono.error(() -> new NotFoundException("The printer was not found"));
	}

}

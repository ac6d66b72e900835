package dev.konfig.print.canvas;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.PreconditionFailedException;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.PrintProblem;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Canvas configs (spec §2): members read, admins and owners write, each change with its event. */
@Service
class CanvasConfigService {

	private static final Set<String> FIELDS = Set.of("product_template_id", "name", "width_inches", "height_inches",
			"description", "is_active", "is_stretch", "dpi", "spacing_width_inches", "spacing_height_inches");

	private static final BigDecimal MAX_SIZE = BigDecimal.valueOf(500);

	private static final BigDecimal MAX_SPACING = BigDecimal.TEN;

	private static final BigDecimal DEFAULT_SPACING = new BigDecimal("0.125");

	private final CanvasConfigRepository configs;

	private final Outbox outbox;

	private final TransactionalOperator transaction;

	CanvasConfigService(CanvasConfigRepository configs, Outbox outbox, TransactionalOperator transaction) {
		this.configs = configs;
		this.outbox = outbox;
		this.transaction = transaction;
	}

	Mono<CanvasConfig> create(KonfigPrincipal principal, JsonNode request) {
		return Mono.fromCallable(() -> {
			principal.requireRole(Role.ADMIN);
			Instant now = Instant.now();
			CanvasConfig blank = new CanvasConfig(UUID.randomUUID(), principal.requireOrganization(), null, "",
					BigDecimal.ONE, BigDecimal.ONE, null, true, true, 300, DEFAULT_SPACING, DEFAULT_SPACING, 1, now, now);
			return read(JsonBody.of(request, FIELDS), blank, true);
		})
			.flatMap(config -> this.transaction.transactional(this.configs.save(config, true)
				.flatMap(created -> record(created, "canvas_config.created", identity(created)).thenReturn(created))));
	}

	Mono<CanvasConfig> get(KonfigPrincipal principal, UUID id) {
		return this.configs.find(principal.requireOrganization(), id, false).switchIfEmpty(notFound());
	}

	Mono<Page<CanvasConfig>> list(KonfigPrincipal principal, @Nullable String template, @Nullable String activeOnly,
			PageRequest page) {
		return Mono.defer(() -> {
			JsonBody query = JsonBody.of(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
				.put("product_template_id", template), Set.of("product_template_id"));
			UUID templateId = query.uuid("product_template_id", false);
			if (activeOnly != null && !Set.of("true", "false").contains(activeOnly)) {
				query.fail("active_only", "must be true or false");
			}
			query.check();
			CanvasCursor after = page.after(CanvasCursor::decode);
			return Page.from(this.configs.page(principal.requireOrganization(), templateId, "true".equals(activeOnly),
					after, page.fetchSize()), page, config -> CanvasCursor.of(config).encode());
		});
	}

	Mono<CanvasConfig> update(KonfigPrincipal principal, UUID id, JsonNode request, @Nullable String ifMatch) {
		return Mono.fromCallable(() -> {
			principal.requireRole(Role.ADMIN);
			JsonBody.of(request, FIELDS).check();
			return EntityTags.optionalVersions(ifMatch);
		}).flatMap(versions -> this.transaction.transactional(this.configs
			.find(principal.requireOrganization(), id, true)
			.switchIfEmpty(notFound())
			.flatMap(current -> {
				if (!versions.isEmpty() && !versions.contains((long) current.version())) {
					return Mono.error(new PreconditionFailedException(
							"The canvas config changed since the ETag If-Match names"));
				}
				CanvasConfig changed = read(JsonBody.of(request, FIELDS), current, false);
				Map<String, Object> before = new LinkedHashMap<>();
				Map<String, Object> after = new LinkedHashMap<>();
				Map<String, Object> old = fieldsOf(current);
				Map<String, Object> now = fieldsOf(changed);
				old.forEach((field, value) -> {
					if (!Objects.equals(value, now.get(field))) {
						before.put(field, value);
						after.put(field, now.get(field));
					}
				});
				if (after.isEmpty()) {
					return Mono.just(current);
				}
				return this.configs.save(changed, false).flatMap(updated -> {
					Map<String, Object> data = identity(updated);
					data.put("before", before);
					data.put("after", after);
					return record(updated, "canvas_config.updated", data).thenReturn(updated);
				});
			})));
	}

	Mono<Void> delete(KonfigPrincipal principal, UUID id) {
		return Mono.fromRunnable(() -> principal.requireRole(Role.ADMIN))
			.then(this.transaction.transactional(this.configs.find(principal.requireOrganization(), id, true)
				.switchIfEmpty(notFound())
				.flatMap(config -> this.configs.openJobsUsing(config.organizationId(), id))
				.flatMap(open -> (open > 0)
						? Mono.error(PrintProblem.conflict(
								"Pending or held jobs use the canvas config (" + open + ")", Map.of("count", open)))
						: this.configs.delete(principal.requireOrganization(), id))
				.flatMap(deleted -> record(deleted, "canvas_config.deleted", identity(deleted)))));
	}

	private static CanvasConfig read(JsonBody body, CanvasConfig base, boolean creating) {
		UUID template = body.has("product_template_id") ? body.uuid("product_template_id", false)
				: base.productTemplateId();
		String name = (creating || body.has("name")) ? body.text("name", 1, 255, true) : base.name();
		BigDecimal width = (creating || body.has("width_inches"))
				? body.inches("width_inches", BigDecimal.ZERO, false, MAX_SIZE, true) : base.widthInches();
		BigDecimal height = (creating || body.has("height_inches"))
				? body.inches("height_inches", BigDecimal.ZERO, false, MAX_SIZE, true) : base.heightInches();
		String description = body.has("description") ? body.text("description", 0, 10_000, false)
				: base.description();
		Boolean active = body.has("is_active") ? body.bool("is_active") : Boolean.valueOf(base.isActive());
		Boolean stretch = body.has("is_stretch") ? body.bool("is_stretch") : Boolean.valueOf(base.isStretch());
		Integer dpi = body.has("dpi") ? body.integer("dpi", 150, 1200, true) : Integer.valueOf(base.dpi());
		BigDecimal spacingWidth = body.has("spacing_width_inches")
				? body.inches("spacing_width_inches", BigDecimal.ZERO, true, MAX_SPACING, true)
				: base.spacingWidthInches();
		BigDecimal spacingHeight = body.has("spacing_height_inches")
				? body.inches("spacing_height_inches", BigDecimal.ZERO, true, MAX_SPACING, true)
				: base.spacingHeightInches();
		if (active == null && body.has("is_active")) {
			body.fail("is_active", "must be true or false");
		}
		if (stretch == null && body.has("is_stretch")) {
			body.fail("is_stretch", "must be true or false");
		}
		body.check();
		return new CanvasConfig(base.id(), base.organizationId(), template, name, width, height, description, active,
				stretch, dpi, spacingWidth, spacingHeight, base.version(), base.createdAt(), base.updatedAt());
	}

	private static Map<String, Object> fieldsOf(CanvasConfig config) {
		CanvasConfig shown = config.shown();
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("product_template_id", shown.productTemplateId());
		fields.put("name", shown.name());
		fields.put("width_inches", shown.widthInches());
		fields.put("height_inches", shown.heightInches());
		fields.put("description", shown.description());
		fields.put("is_active", shown.isActive());
		fields.put("is_stretch", shown.isStretch());
		fields.put("dpi", shown.dpi());
		fields.put("spacing_width_inches", shown.spacingWidthInches());
		fields.put("spacing_height_inches", shown.spacingHeightInches());
		return fields;
	}

	private static Map<String, Object> identity(CanvasConfig config) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", config.name());
		data.put("product_template_id", config.productTemplateId());
		data.put("width_inches", CanvasConfig.plain(config.widthInches()));
		data.put("height_inches", CanvasConfig.plain(config.heightInches()));
		data.put("dpi", config.dpi());
		return data;
	}

	private Mono<Void> record(CanvasConfig config, String type, Map<String, Object> data) {
		return this.outbox.appendFromRequest(
				AuditEvent.of(config.organizationId(), type, "canvas_config", config.id(), AuditEvent.SUCCESS, data));
	}

	private static <T> Mono<T> notFound() {
		return Mono.error(() -> new NotFoundException("The canvas config was not found"));
	}

	static List<Integer> dpiSuggestions() {
		return List.of(150, 200, 300, 400, 500, 600);
	}

}

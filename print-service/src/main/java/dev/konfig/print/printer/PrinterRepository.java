package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over the {@code printers} table. */
@Repository
public class PrinterRepository {

	private static final String COLUMNS = "id, organization_id, created_by, created_by_type, name, printer_type, "
			+ "manufacturer, model, notes, max_width_inches, max_height_inches, dpi, supported_template_ids, is_active, "
			+ "is_default, paused, printer_config, version, created_at, updated_at";

	private final DatabaseClient db;

	PrinterRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Serializes the organization's printer writes that must see each other (the count limit,
	 * the one default) until the transaction ends; readers are not held up.
	 */
	Mono<Void> lockOrganization(UUID organizationId) {
		return this.db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
			.bind("key", "printers:" + organizationId)
			.then();
	}

	Mono<Long> countOf(UUID organizationId) {
		return this.db.sql("SELECT count(*) AS n FROM printers WHERE organization_id = :org")
			.bind("org", organizationId)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	Mono<Printer> insert(Printer printer) {
		return this.db.sql("INSERT INTO printers (id, organization_id, created_by, created_by_type, name, printer_type, "
				+ "manufacturer, model, notes, max_width_inches, max_height_inches, dpi, supported_template_ids, is_active, "
				+ "is_default, paused, printer_config) VALUES (:id, :org, :createdBy, :createdByType, :name, :type, "
				+ ":manufacturer, :model, :notes, :width, :height, :dpi, :templates, :active, false, :paused, "
				+ "CAST(:config AS jsonb)) RETURNING " + COLUMNS)
			.bind("id", printer.id())
			.bind("org", printer.organizationId())
			.bind("createdBy", Parameter.fromOrEmpty(printer.createdBy(), String.class))
			.bind("createdByType", Parameter.fromOrEmpty(printer.createdByType(), String.class))
			.bindValues(writable(printer))
			.map(PrinterRepository::printer)
			.one();
	}

	public Mono<Printer> find(UUID organizationId, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM printers WHERE id = :id AND organization_id = :org")
			.bind("id", id)
			.bind("org", organizationId)
			.map(PrinterRepository::printer)
			.one();
	}

	Mono<Printer> findForUpdate(UUID organizationId, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM printers WHERE id = :id AND organization_id = :org FOR UPDATE")
			.bind("id", id)
			.bind("org", organizationId)
			.map(PrinterRepository::printer)
			.one();
	}

	/** The organization's active default printer. */
	public Mono<Printer> findDefault(UUID organizationId) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM printers WHERE organization_id = :org AND is_default AND is_active")
			.bind("org", organizationId)
			.map(PrinterRepository::printer)
			.one();
	}

	/** Every printer of the organization (at most PR-9's limit), in the list order. */
	Flux<Printer> all(UUID organizationId) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM printers WHERE organization_id = :org "
					+ "ORDER BY is_default DESC, lower(name), id")
			.bind("org", organizationId)
			.map(PrinterRepository::printer)
			.all();
	}

	/** A page in the list order (default first, then lower(name), id). */
	Flux<Printer> page(UUID organizationId, boolean activeOnly, @Nullable String type, @Nullable PrinterCursor after,
			int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM printers WHERE organization_id = :org");
		if (activeOnly) {
			sql.append(" AND is_active");
		}
		if (type != null) {
			sql.append(" AND printer_type = :type");
		}
		if (after != null) {
			sql.append(" AND (NOT is_default, lower(name), id) > (:afterNotDefault, :afterName, :afterId)");
		}
		sql.append(" ORDER BY is_default DESC, lower(name), id LIMIT :limit");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString())
			.bind("org", organizationId)
			.bind("limit", limit);
		if (type != null) {
			spec = spec.bind("type", type);
		}
		if (after != null) {
			spec = spec.bind("afterNotDefault", !after.isDefault())
				.bind("afterName", after.lowerName())
				.bind("afterId", after.id());
		}
		return spec.map(PrinterRepository::printer).all();
	}

	/** Writes the changeable fields and counts a version. */
	Mono<Printer> update(Printer printer) {
		return this.db.sql("UPDATE printers SET name = :name, printer_type = :type, manufacturer = :manufacturer, "
				+ "model = :model, notes = :notes, max_width_inches = :width, max_height_inches = :height, dpi = :dpi, "
				+ "supported_template_ids = :templates, is_active = :active, "
				+ "is_default = is_default AND :active, paused = :paused, printer_config = CAST(:config AS jsonb), "
				+ "version = version + 1, updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", printer.id())
			.bindValues(writable(printer))
			.map(PrinterRepository::printer)
			.one();
	}

	/**
	 * Makes this printer the organization's only default (PR-3). Two statements under the
	 * organization's lock: one UPDATE flipping both rows would trip the unique index midway.
	 * Returns the previous default's id, if another printer was it.
	 */
	Mono<UUID> makeDefault(UUID organizationId, UUID id) {
		return this.db
			.sql("UPDATE printers SET is_default = false, version = version + 1, updated_at = now() "
					+ "WHERE organization_id = :org AND is_default AND id <> :id RETURNING id")
			.bind("org", organizationId)
			.bind("id", id)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList()
			.flatMap(previous -> this.db
				.sql("UPDATE printers SET is_default = true, version = version + 1, updated_at = now() "
						+ "WHERE id = :id AND NOT is_default")
				.bind("id", id)
				.then()
				.then(Mono.justOrEmpty(previous.isEmpty() ? null : previous.get(0))));
	}

	Mono<Printer> delete(UUID organizationId, UUID id) {
		return this.db.sql("DELETE FROM printers WHERE id = :id AND organization_id = :org RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("org", organizationId)
			.map(PrinterRepository::printer)
			.one();
	}

	/** Jobs of the printer that are not finished yet (pending, held, processing). */
	Mono<Long> openJobs(UUID printerId) {
		return this.db
			.sql("SELECT count(*) AS n FROM print_jobs WHERE printer_id = :id "
					+ "AND status IN ('pending', 'held', 'processing')")
			.bind("id", printerId)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	/** The values of the fields a request may write, by parameter name. */
	private static Map<String, Object> writable(Printer printer) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("name", printer.name());
		values.put("type", printer.printerType());
		values.put("manufacturer", Parameter.fromOrEmpty(printer.manufacturer(), String.class));
		values.put("model", Parameter.fromOrEmpty(printer.model(), String.class));
		values.put("notes", Parameter.fromOrEmpty(printer.notes(), String.class));
		values.put("width", printer.maxWidthInches());
		values.put("height", printer.maxHeightInches());
		values.put("dpi", printer.dpi());
		values.put("templates", ids(printer.supportedTemplateIds()));
		values.put("active", printer.active());
		values.put("paused", printer.paused());
		values.put("config", printer.printerConfig());
		return values;
	}

	static Parameter ids(@Nullable List<UUID> ids) {
		return Parameter.fromOrEmpty(ids == null ? null : ids.toArray(UUID[]::new), UUID[].class);
	}

	static Printer printer(Readable row) {
		UUID[] templates = row.get("supported_template_ids", UUID[].class);
		Json config = row.get("printer_config", Json.class);
		return new Printer(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("created_by", String.class), row.get("created_by_type", String.class),
				row.get("name", String.class), row.get("printer_type", String.class),
				row.get("manufacturer", String.class), row.get("model", String.class), row.get("notes", String.class),
				row.get("max_width_inches", BigDecimal.class), row.get("max_height_inches", BigDecimal.class),
				row.get("dpi", Integer.class), templates == null ? null : Arrays.asList(templates),
				Boolean.TRUE.equals(row.get("is_active", Boolean.class)),
				Boolean.TRUE.equals(row.get("is_default", Boolean.class)),
				Boolean.TRUE.equals(row.get("paused", Boolean.class)), config == null ? "{}" : config.asString(),
				row.get("version", Integer.class), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class));
	}

}

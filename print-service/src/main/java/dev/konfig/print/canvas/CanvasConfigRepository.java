package dev.konfig.print.canvas;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.konfig.print.system.PrintProblem;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over the {@code canvas_configs} table. */
@Repository
class CanvasConfigRepository {

	private static final String COLUMNS = "id, organization_id, product_template_id, name, width_inches, height_inches, "
			+ "description, is_active, is_stretch, dpi, spacing_width_inches, spacing_height_inches, version, created_at, "
			+ "updated_at";

	private final DatabaseClient db;

	CanvasConfigRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Inserts or, with an id that exists, writes every field and counts a version. */
	Mono<CanvasConfig> save(CanvasConfig config, boolean insert) {
		String sql = insert
				? "INSERT INTO canvas_configs (id, organization_id, product_template_id, name, width_inches, height_inches, "
						+ "description, is_active, is_stretch, dpi, spacing_width_inches, spacing_height_inches) VALUES "
						+ "(:id, :org, :template, :name, :width, :height, :description, :active, :stretch, :dpi, "
						+ ":spacingWidth, :spacingHeight) RETURNING " + COLUMNS
				: "UPDATE canvas_configs SET product_template_id = :template, name = :name, width_inches = :width, "
						+ "height_inches = :height, description = :description, is_active = :active, is_stretch = :stretch, "
						+ "dpi = :dpi, spacing_width_inches = :spacingWidth, spacing_height_inches = :spacingHeight, "
						+ "version = version + 1, updated_at = now() WHERE id = :id AND organization_id = :org RETURNING "
						+ COLUMNS;
		return this.db.sql(sql)
			.bind("id", config.id())
			.bind("org", config.organizationId())
			.bind("template", Parameter.fromOrEmpty(config.productTemplateId(), UUID.class))
			.bind("name", config.name())
			.bind("width", config.widthInches())
			.bind("height", config.heightInches())
			.bind("description", Parameter.fromOrEmpty(config.description(), String.class))
			.bind("active", config.isActive())
			.bind("stretch", config.isStretch())
			.bind("dpi", config.dpi())
			.bind("spacingWidth", config.spacingWidthInches())
			.bind("spacingHeight", config.spacingHeightInches())
			.map(CanvasConfigRepository::config)
			.one()
			.onErrorMap(DuplicateKeyException.class, ex -> PrintProblem.conflict(
					"The product template already has a canvas config of this name", java.util.Map.of()));
	}

	Mono<CanvasConfig> find(UUID organizationId, UUID id, boolean forUpdate) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM canvas_configs WHERE id = :id AND organization_id = :org"
					+ (forUpdate ? " FOR UPDATE" : ""))
			.bind("id", id)
			.bind("org", organizationId)
			.map(CanvasConfigRepository::config)
			.one();
	}

	Flux<CanvasConfig> page(UUID organizationId, @Nullable UUID template, boolean activeOnly,
			@Nullable CanvasCursor after, int limit) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM canvas_configs WHERE organization_id = :org");
		if (template != null) {
			sql.append(" AND product_template_id = :template");
		}
		if (activeOnly) {
			sql.append(" AND is_active");
		}
		if (after != null) {
			sql.append(" AND (lower(name), id) > (:afterName, :afterId)");
		}
		sql.append(" ORDER BY lower(name), id LIMIT :limit");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString())
			.bind("org", organizationId)
			.bind("limit", limit);
		if (template != null) {
			spec = spec.bind("template", template);
		}
		if (after != null) {
			spec = spec.bind("afterName", after.lowerName()).bind("afterId", after.id());
		}
		return spec.map(CanvasConfigRepository::config).all();
	}

	Mono<CanvasConfig> delete(UUID organizationId, UUID id) {
		return this.db.sql("DELETE FROM canvas_configs WHERE id = :id AND organization_id = :org RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("org", organizationId)
			.map(CanvasConfigRepository::config)
			.one();
	}

	/** Pending and held jobs whose print_config names the config (CC-2). */
	Mono<Long> openJobsUsing(UUID organizationId, UUID id) {
		return this.db
			.sql("SELECT count(*) AS n FROM print_jobs WHERE organization_id = :org AND status IN ('pending', 'held') "
					+ "AND print_config ->> 'canvas_config_id' = :id")
			.bind("org", organizationId)
			.bind("id", id.toString())
			.map(row -> row.get("n", Long.class))
			.one();
	}

	private static CanvasConfig config(Readable row) {
		return new CanvasConfig(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("product_template_id", UUID.class), row.get("name", String.class),
				row.get("width_inches", BigDecimal.class), row.get("height_inches", BigDecimal.class),
				row.get("description", String.class), Boolean.TRUE.equals(row.get("is_active", Boolean.class)),
				Boolean.TRUE.equals(row.get("is_stretch", Boolean.class)), row.get("dpi", Integer.class),
				row.get("spacing_width_inches", BigDecimal.class), row.get("spacing_height_inches", BigDecimal.class),
				row.get("version", Integer.class), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class));
	}

}

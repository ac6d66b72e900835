package dev.konfig.print.gang;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.print.peer.Peers;
import dev.konfig.print.printer.Printer;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.PrintProblem;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Turns a gang-sheet request into a layout (GS-1..GS-7): the items' shape, their files at
 * file-service (on the caller's behalf, one lookup), the canvas configs, the parameters with where
 * each came from, the print size of every item, the DPI warnings, and the engine's layout as the
 * API answers it. Used by the preview and by {@code gang_sheets} job creation alike.
 */
@Component
public class GangPlanner {

	static final Set<String> ITEM_FIELDS = Set.of("file_id", "quantity", "width_inches", "height_inches",
			"canvas_config_id");

	static final Set<String> RASTER = Set.of("image/png", "image/jpeg", "image/tiff", "image/webp");

	private static final BigDecimal MAX_INCHES = BigDecimal.valueOf(500);

	private final Peers peers;

	private final DatabaseClient db;

	private final GangProperties gang;

	private final PrintProperties print;

	GangPlanner(Peers peers, DatabaseClient db, GangProperties gang, PrintProperties print) {
		this.peers = peers;
		this.db = db;
		this.gang = gang;
		this.print = print;
	}

	/** An item as sent, after the shape checks. */
	public record ItemDraft(UUID fileId, int quantity, @Nullable BigDecimal widthInches,
			@Nullable BigDecimal heightInches, @Nullable UUID canvasConfigId) {
	}

	/** A canvas config's print size and spacing. */
	record Canvas(UUID id, BigDecimal width, BigDecimal height, boolean stretch, int dpi, BigDecimal spacingWidth,
			BigDecimal spacingHeight) {
	}

	/**
	 * A computed layout with what it was computed from.
	 *
	 * @param params the resolved parameters and their sources, as stored
	 * @param answer the GS-6 answer (without {@code layout_id})
	 * @param items the resolved items, as the job stores them
	 * @param layout the engine's layout
	 * @param warnings the number of DPI warnings
	 */
	public record Plan(Map<String, Object> params, Map<String, Object> answer, List<Map<String, Object>> items,
			Layout layout, int warnings) {
	}

	/** GS-3's shape checks; problems are recorded on the body (400). */
	public List<ItemDraft> items(JsonBody body) {
		List<ItemDraft> items = new ArrayList<>();
		JsonNode array = body.value("items");
		if (!array.isArray() || array.isEmpty() || array.size() > this.gang.maxItems()) {
			body.fail("items", "must be an array of 1 to " + this.gang.maxItems() + " items");
			return items;
		}
		long copies = 0;
		for (int i = 0; i < array.size(); i++) {
			JsonBody item = body.element("items", i, ITEM_FIELDS);
			if (!array.get(i).isObject()) {
				body.fail("items[" + i + "]", "must be an object");
				continue;
			}
			UUID file = item.uuid("file_id", true);
			Integer quantity = item.integer("quantity", 1, 10_000, true);
			BigDecimal width = item.inches("width_inches", BigDecimal.ZERO, false, MAX_INCHES, false);
			BigDecimal height = item.inches("height_inches", BigDecimal.ZERO, false, MAX_INCHES, false);
			UUID canvas = item.uuid("canvas_config_id", false);
			if (file != null && quantity != null) {
				copies += quantity;
				items.add(new ItemDraft(file, quantity, width, height, canvas));
			}
		}
		if (copies > this.gang.maxPlacements()) {
			body.fail("items", "hold " + copies + " copies in all; at most " + this.gang.maxPlacements() + " are allowed");
		}
		return items;
	}

	/**
	 * The layout for these items on this printer (null: defaults), with the print config's
	 * overrides and the job's canvas config.
	 */
	public Mono<Plan> plan(KonfigPrincipal principal, @Nullable Printer printer, List<ItemDraft> items,
			JsonNode printConfig, @Nullable UUID canvasConfigId) {
		UUID org = principal.requireOrganization();
		UUID jobCanvas = canvasConfigId;
		String canvasField = "canvas_config_id";
		if (jobCanvas == null && printConfig.path("canvas_config_id").isString()) {
			jobCanvas = UUID.fromString(printConfig.path("canvas_config_id").asString());
			canvasField = "print_config.canvas_config_id";
		}
		Set<UUID> canvasIds = new LinkedHashSet<>();
		if (jobCanvas != null) {
			canvasIds.add(jobCanvas);
		}
		for (ItemDraft item : items) {
			if (item.canvasConfigId() != null) {
				canvasIds.add(item.canvasConfigId());
			}
		}
		List<UUID> fileIds = items.stream().map(ItemDraft::fileId).distinct().toList();
		UUID canvasId = jobCanvas;
		String field = canvasField;
		return canvases(org, canvasIds).flatMap(canvases -> this.peers.lookupFiles(principal, fileIds)
			.publishOn(Schedulers.parallel())
			.map(lookup -> compute(printer, items, printConfig, canvasId, field, canvases, lookup.found())));
	}

	private Mono<Map<UUID, Canvas>> canvases(UUID org, Set<UUID> ids) {
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.db
			.sql("SELECT id, width_inches, height_inches, is_stretch, dpi, spacing_width_inches, spacing_height_inches "
					+ "FROM canvas_configs WHERE organization_id = :org AND id = ANY(:ids)")
			.bind("org", org)
			.bind("ids", ids.toArray(UUID[]::new))
			.map(row -> new Canvas(row.get("id", UUID.class), row.get("width_inches", BigDecimal.class),
					row.get("height_inches", BigDecimal.class), Boolean.TRUE.equals(row.get("is_stretch", Boolean.class)),
					row.get("dpi", Integer.class), row.get("spacing_width_inches", BigDecimal.class),
					row.get("spacing_height_inches", BigDecimal.class)))
			.all()
			.collectMap(Canvas::id, canvas -> canvas);
	}

	Plan compute(@Nullable Printer printer, List<ItemDraft> drafts, JsonNode config, @Nullable UUID jobCanvasId,
			String jobCanvasField, Map<UUID, Canvas> canvases, Map<UUID, JsonNode> files) {
		Canvas jobCanvas = null;
		if (jobCanvasId != null) {
			jobCanvas = canvases.get(jobCanvasId);
			if (jobCanvas == null) {
				throw PrintProblem.unprocessable(jobCanvasField, "is not a canvas config of the organization");
			}
		}
		Map<String, Object> sources = new LinkedHashMap<>();
		BigDecimal sheetWidth = pick(sources, "sheet_width_inches", decimal(config, "sheet_width_inches"),
				printer == null ? null : printer.maxWidthInches(), "printer", this.gang.defaultSheetWidth());
		BigDecimal maxLength = pick(sources, "max_length_inches", decimal(config, "max_length_inches"),
				printer == null ? null : printer.maxHeightInches(), "printer", this.gang.defaultSheetLength());
		int dpi;
		if (config.path("dpi").isIntegralNumber()) {
			dpi = config.path("dpi").intValue();
			sources.put("dpi", "print_config");
		}
		else if (jobCanvas != null) {
			dpi = jobCanvas.dpi();
			sources.put("dpi", "canvas_config");
		}
		else if (printer != null) {
			dpi = printer.dpi();
			sources.put("dpi", "printer");
		}
		else {
			dpi = this.gang.defaultDpi();
			sources.put("dpi", "default");
		}
		BigDecimal[] preset = config.path("template_name").isString()
				? this.gang.presets().get(config.path("template_name").asString()) : null;
		BigDecimal spacingWidth = spacing(sources, "spacing_width_inches", config,
				jobCanvas == null ? null : jobCanvas.spacingWidth(), preset == null ? null : preset[0]);
		BigDecimal spacingHeight = spacing(sources, "spacing_height_inches", config,
				jobCanvas == null ? null : jobCanvas.spacingHeight(), preset == null ? null : preset[1]);
		BigDecimal margin = pick(sources, "margin_inches", decimal(config, "margin_inches"), null, null, BigDecimal.ZERO);
		String rotation = text(sources, "rotation", config, "auto");
		String algorithm = text(sources, "algorithm", config, LayoutEngine.DEFAULT);
		int minEffectiveDpi = config.path("min_effective_dpi").isIntegralNumber()
				? config.path("min_effective_dpi").intValue() : this.print.minEffectiveDpi();
		boolean strict = config.path("strict_dpi").asBoolean(false);

		long widthPx = sheetWidth.multiply(BigDecimal.valueOf(dpi)).setScale(0, RoundingMode.FLOOR).longValue();
		long lengthPx = maxLength.multiply(BigDecimal.valueOf(dpi)).setScale(0, RoundingMode.FLOOR).longValue();
		if (widthPx * lengthPx > this.gang.maxSheetPixels()) {
			throw new PrintProblem(HttpStatus.UNPROCESSABLE_CONTENT, "A " + plain(sheetWidth) + " × " + plain(maxLength)
					+ " in sheet at " + dpi + " DPI is " + widthPx * lengthPx + " pixels; at most "
					+ this.gang.maxSheetPixels() + " are allowed", List.of(new FieldViolation("print_config.dpi",
							"makes the sheet larger than " + this.gang.maxSheetPixels() + " pixels")), Map.of());
		}
		int sx = px(spacingWidth, dpi);
		int sy = px(spacingHeight, dpi);
		int m = px(margin, dpi);

		List<LayoutRequest.Item> items = new ArrayList<>();
		List<Map<String, Object>> resolved = new ArrayList<>();
		List<Map<String, Object>> warnings = new ArrayList<>();
		for (int i = 0; i < drafts.size(); i++) {
			ItemDraft draft = drafts.get(i);
			String field = "items[" + i + "]";
			JsonNode file = files.get(draft.fileId());
			if (file == null) {
				throw PrintProblem.unprocessable(field + ".file_id", "is not a file of the organization");
			}
			if (!"ready".equals(file.path("status").asString())) {
				throw PrintProblem.unprocessable(field + ".file_id", "is " + file.path("status").asString() + ", not ready");
			}
			if (!RASTER.contains(file.path("mime_type").asString())) {
				throw PrintProblem.unprocessable(field + ".file_id",
						"is " + file.path("mime_type").asString() + ": not a raster design (PNG, JPEG, TIFF, WebP)");
			}
			JsonNode image = file.path("image");
			if (!image.path("width_px").isIntegralNumber() || !image.path("height_px").isIntegralNumber()) {
				throw PrintProblem.unprocessable(field + ".file_id", "has no pixel size");
			}
			int srcW = image.path("width_px").intValue();
			int srcH = image.path("height_px").intValue();
			BigDecimal dpiX = image.path("dpi_x").isNumber() && image.path("dpi_x").doubleValue() > 0
					? image.path("dpi_x").decimalValue() : null;
			BigDecimal dpiY = image.path("dpi_y").isNumber() && image.path("dpi_y").doubleValue() > 0
					? image.path("dpi_y").decimalValue() : null;
			Canvas canvas = null;
			if (draft.canvasConfigId() != null) {
				canvas = canvases.get(draft.canvasConfigId());
				if (canvas == null) {
					throw PrintProblem.unprocessable(field + ".canvas_config_id", "is not a canvas config of the organization");
				}
			}
			else {
				canvas = jobCanvas;
			}
			BigDecimal[] size = printSize(draft, canvas, srcW, srcH, dpiX, dpiY, field);
			boolean explicit = draft.widthInches() != null || draft.heightInches() != null;
			int w = Math.max(1, px(size[0], dpi));
			int h = Math.max(1, px(size[1], dpi));
			double effective = Math.min(srcW / size[0].doubleValue(), srcH / size[1].doubleValue());
			double effectiveRounded = Math.round(effective * 10) / 10.0;
			if (effective < minEffectiveDpi) {
				if (strict) {
					throw PrintProblem.unprocessable(field, "prints at " + effectiveRounded + " DPI, below the "
							+ minEffectiveDpi + " DPI strict_dpi requires");
				}
				warnings.add(warning(i, "low_dpi", effectiveRounded));
			}
			if (effective < dpi) {
				warnings.add(warning(i, "upscaled", effectiveRounded));
			}
			if (explicit && (dpiX == null || dpiY == null)) {
				warnings.add(warning(i, "no_dpi_metadata", effectiveRounded));
			}
			items.add(new LayoutRequest.Item(i, draft.fileId(), w, h, draft.quantity()));
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("file_id", draft.fileId());
			item.put("quantity", draft.quantity());
			item.put("canvas_config_id", draft.canvasConfigId());
			item.put("width_inches", plain(size[0]));
			item.put("height_inches", plain(size[1]));
			item.put("width_px", w);
			item.put("height_px", h);
			item.put("source_width_px", srcW);
			item.put("source_height_px", srcH);
			item.put("effective_dpi", effectiveRounded);
			resolved.add(item);
		}
		LayoutRequest request = new LayoutRequest((int) widthPx, (int) lengthPx, sx, sy, m,
				LayoutRequest.Rotation.valueOf(rotation.toUpperCase(java.util.Locale.ROOT)), this.gang.maxSheets(), items);
		Layout layout;
		try {
			layout = LayoutEngine.layout(algorithm, request);
		}
		catch (LayoutRefusal refusal) {
			if (refusal.itemIndex() == null) {
				throw new PrintProblem(HttpStatus.UNPROCESSABLE_CONTENT, refusal.getMessage(),
						List.of(new FieldViolation("items", refusal.getMessage())), Map.of());
			}
			int index = refusal.itemIndex();
			Map<String, Object> item = resolved.get(index);
			String message = "is " + item.get("width_inches") + " × " + item.get("height_inches") + " in, larger than the "
					+ plain(sheetWidth) + " × " + plain(maxLength) + " in sheet"
					+ (m > 0 ? " inside its " + plain(margin) + " in margins" : "") + " in every allowed orientation (rotation "
					+ rotation + ")";
			throw new PrintProblem(HttpStatus.UNPROCESSABLE_CONTENT, "items[" + index + "] " + message,
					List.of(new FieldViolation("items[" + index + "]", message)), Map.of("item_index", index));
		}
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("algorithm", algorithm);
		params.put("sheet_width_inches", plain(sheetWidth));
		params.put("max_length_inches", plain(maxLength));
		params.put("dpi", dpi);
		params.put("spacing_width_inches", plain(spacingWidth));
		params.put("spacing_height_inches", plain(spacingHeight));
		params.put("margin_inches", plain(margin));
		params.put("rotation", rotation);
		params.put("sources", sources);
		Map<String, Object> answer = new LinkedHashMap<>(params);
		answer.put("total_copies", layout.totalCopies());
		answer.put("sheets", sheets(layout, dpi));
		answer.put("utilization", layout.utilization());
		answer.put("warnings", warnings);
		return new Plan(params, answer, resolved, layout, warnings.size());
	}

	/** GS-3's print size in inches: explicit, from one side and the aspect, the canvas, or the file's DPI. */
	private static BigDecimal[] printSize(ItemDraft draft, @Nullable Canvas canvas, int srcW, int srcH,
			@Nullable BigDecimal dpiX, @Nullable BigDecimal dpiY, String field) {
		BigDecimal width = draft.widthInches();
		BigDecimal height = draft.heightInches();
		if (width != null && height != null) {
			return new BigDecimal[] { width, height };
		}
		if (width != null) {
			return new BigDecimal[] { width, ratio(width, srcH, srcW) };
		}
		if (height != null) {
			return new BigDecimal[] { ratio(height, srcW, srcH), height };
		}
		if (canvas != null) {
			if (canvas.stretch()) {
				return new BigDecimal[] { canvas.width(), canvas.height() };
			}
			// Fitted inside, aspect kept.
			BigDecimal byWidth = ratio(canvas.width(), srcH, srcW);
			if (byWidth.compareTo(canvas.height()) <= 0) {
				return new BigDecimal[] { canvas.width(), byWidth };
			}
			return new BigDecimal[] { ratio(canvas.height(), srcW, srcH), canvas.height() };
		}
		if (dpiX == null || dpiY == null) {
			throw PrintProblem.unprocessable(field, "print size unknown: the file has no DPI; send width_inches, "
					+ "height_inches or a canvas config");
		}
		return new BigDecimal[] { BigDecimal.valueOf(srcW).divide(dpiX, 3, RoundingMode.HALF_UP),
				BigDecimal.valueOf(srcH).divide(dpiY, 3, RoundingMode.HALF_UP) };
	}

	private static BigDecimal ratio(BigDecimal side, int numerator, int denominator) {
		return side.multiply(BigDecimal.valueOf(numerator)).divide(BigDecimal.valueOf(denominator), 3, RoundingMode.HALF_UP);
	}

	static List<Map<String, Object>> sheets(Layout layout, int dpi) {
		List<Map<String, Object>> sheets = new ArrayList<>();
		for (Layout.Sheet sheet : layout.sheets()) {
			Map<String, Object> out = new LinkedHashMap<>();
			out.put("index", sheet.index());
			out.put("width_px", sheet.widthPx());
			out.put("length_px", sheet.lengthPx());
			out.put("length_inches", plain(BigDecimal.valueOf(sheet.lengthPx()).divide(BigDecimal.valueOf(dpi), 3,
					RoundingMode.HALF_UP)));
			out.put("utilization", sheet.utilization());
			List<Map<String, Object>> placements = new ArrayList<>(sheet.placements().size());
			for (Layout.Placement p : sheet.placements()) {
				Map<String, Object> placement = new LinkedHashMap<>();
				placement.put("item_index", p.itemIndex());
				placement.put("copy_index", p.copyIndex());
				placement.put("file_id", p.fileId());
				placement.put("x_px", p.x());
				placement.put("y_px", p.y());
				placement.put("width_px", p.width());
				placement.put("height_px", p.height());
				placement.put("rotated", p.rotated());
				placements.add(placement);
			}
			out.put("placements", placements);
			sheets.add(out);
		}
		return sheets;
	}

	private static Map<String, Object> warning(int index, String code, double effective) {
		Map<String, Object> warning = new LinkedHashMap<>();
		warning.put("item_index", index);
		warning.put("code", code);
		warning.put("effective_dpi", effective);
		return warning;
	}

	private BigDecimal spacing(Map<String, Object> sources, String key, JsonNode config, @Nullable BigDecimal canvas,
			@Nullable BigDecimal preset) {
		BigDecimal own = decimal(config, key);
		if (own != null) {
			sources.put(key, "print_config");
			return own;
		}
		if (canvas != null) {
			sources.put(key, "canvas_config");
			return canvas;
		}
		if (preset != null) {
			sources.put(key, "template_preset");
			return preset;
		}
		sources.put(key, "default");
		return this.gang.defaultSpacing();
	}

	private static BigDecimal pick(Map<String, Object> sources, String key, @Nullable BigDecimal own,
			@Nullable BigDecimal second, @Nullable String secondSource, BigDecimal fallback) {
		if (own != null) {
			sources.put(key, "print_config");
			return own;
		}
		if (second != null) {
			sources.put(key, secondSource);
			return second;
		}
		sources.put(key, "default");
		return fallback;
	}

	private static String text(Map<String, Object> sources, String key, JsonNode config, String fallback) {
		if (config.path(key).isString()) {
			sources.put(key, "print_config");
			return config.path(key).asString();
		}
		sources.put(key, "default");
		return fallback;
	}

	@Nullable
	private static BigDecimal decimal(JsonNode config, String key) {
		return config.path(key).isNumber() ? config.path(key).decimalValue() : null;
	}

	static int px(BigDecimal inches, int dpi) {
		return inches.multiply(BigDecimal.valueOf(dpi)).setScale(0, RoundingMode.HALF_UP).intValueExact();
	}

	static BigDecimal plain(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
	}

}

package dev.konfig.print.job;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.springframework.lang.Nullable;

import dev.konfig.print.gang.LayoutEngine;
import dev.konfig.print.printer.Printer;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.JsonObjects;
import tools.jackson.databind.json.JsonMapper;

/**
 * PJ-6: the known keys of {@code print_config} are checked (wrong type or range → 400 on
 * {@code print_config.<key>}); unknown keys are kept for the agent.
 */
public final class PrintConfigRules {

	private static final BigDecimal TEN = BigDecimal.TEN;

	private PrintConfigRules() {
	}

	/** The config's text, or null with the problems recorded on the body. */
	@Nullable
	public static String check(JsonBody body, @Nullable Printer printer, JsonMapper json) {
		if (!body.present("print_config")) {
			return "{}";
		}
		String text = JsonObjects.text(body, "print_config", json);
		if (text == null) {
			return null;
		}
		JsonBody config = body.nested("print_config");
		config.integer("copies", 1, 1000, false);
		config.integer("dpi", 150, 1200, false);
		BigDecimal maxWidth = (printer != null) ? printer.maxWidthInches() : BigDecimal.valueOf(500);
		BigDecimal maxLength = (printer != null) ? printer.maxHeightInches() : BigDecimal.valueOf(500);
		config.inches("sheet_width_inches", BigDecimal.ZERO, false, maxWidth, false);
		config.inches("max_length_inches", BigDecimal.ZERO, false, maxLength, false);
		config.inches("spacing_width_inches", BigDecimal.ZERO, true, TEN, false);
		config.inches("spacing_height_inches", BigDecimal.ZERO, true, TEN, false);
		config.inches("margin_inches", BigDecimal.ZERO, true, TEN, false);
		config.oneOf("rotation", List.of("auto", "always", "never"), false);
		config.uuid("canvas_config_id", false);
		config.text("template_name", 1, 255, false);
		config.integer("min_effective_dpi", 1, 1200, false);
		config.text("output_name_template", 1, 255, false);
		config.oneOf("crop", List.of("length", "content", "none"), false);
		for (String flag : Set.of("strict_dpi", "auto_print")) {
			if (config.has(flag) && config.bool(flag) == null) {
				config.fail(flag, "must be true or false");
			}
		}
		config.oneOf("algorithm", LayoutEngine.ALGORITHMS, false);
		return text;
	}

}

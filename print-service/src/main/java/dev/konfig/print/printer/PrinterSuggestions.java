package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** PR-8: the origin's suggestions, plus the gang-sheet engine's default sheet. */
final class PrinterSuggestions {

	static final Map<String, Object> CONFIG = Map.of("dpi_suggestions", List.of(300, 400, 500, 600), "printer_types",
			PrinterService.TYPES, "common_sizes",
			List.of(size("Letter", "8.5", "11"), size("A4", "8.27", "11.69"), size("Tabloid", "11", "17"),
					size("A3", "11.69", "16.54"), size("Large Format 24\"", "24", "36"),
					size("Large Format 36\"", "36", "48"), size("DTF gang sheet", "23", "215")));

	private PrinterSuggestions() {
	}

	private static Map<String, Object> size(String name, String width, String height) {
		return Map.of("name", name, "width", new BigDecimal(width), "height", new BigDecimal(height), "description",
				width + "\" x " + height + "\"");
	}

}

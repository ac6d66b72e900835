package dev.konfig.print.canvas;

import java.math.BigDecimal;
import java.util.UUID;

/** The shape of a canvas config body, for the API document only (read field by field). */
record CanvasBodies(UUID productTemplateId, String name, BigDecimal widthInches, BigDecimal heightInches,
		String description, Boolean isActive, Boolean isStretch, Integer dpi, BigDecimal spacingWidthInches,
		BigDecimal spacingHeightInches) {
}

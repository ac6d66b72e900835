package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The shapes of the printer bodies, for the API document only: requests are read field by field
 * ({@code JsonBody}) so that every problem is reported on its field.
 */
final class PrinterBodies {

	private PrinterBodies() {
	}

	/** {@code POST} (name and both maxima required) and {@code PATCH}/{@code PUT} (fields sent change). */
	record Write(String name, String printerType, String manufacturer, String model, String notes,
			BigDecimal maxWidthInches, BigDecimal maxHeightInches, Integer dpi, List<UUID> supportedTemplateIds,
			Boolean isActive, Boolean isDefault, Boolean paused, Map<String, Object> printerConfig) {
	}

	/** {@code POST /{id}/check-capability}. */
	record CapabilityQuestion(BigDecimal widthInches, BigDecimal heightInches, UUID templateId, Boolean allowRotation,
			UUID fileId) {
	}

}

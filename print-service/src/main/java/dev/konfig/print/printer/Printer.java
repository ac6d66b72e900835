package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.lang.Nullable;

/**
 * A printer row. {@code supportedTemplateIds} null means every template; {@code printerConfig}
 * is the stored JSON object as text.
 */
public record Printer(UUID id, UUID organizationId, @Nullable String createdBy, @Nullable String createdByType,
		String name, String printerType, @Nullable String manufacturer, @Nullable String model,
		@Nullable String notes, BigDecimal maxWidthInches, BigDecimal maxHeightInches, int dpi,
		@Nullable List<UUID> supportedTemplateIds, boolean active, boolean isDefault, boolean paused,
		String printerConfig, int version, Instant createdAt, Instant updatedAt) {

	/** Whether a design of this size fits as it is. */
	public boolean fits(BigDecimal width, BigDecimal height) {
		return width.compareTo(this.maxWidthInches) <= 0 && height.compareTo(this.maxHeightInches) <= 0;
	}

	/** Whether a design of this size fits turned by 90°. */
	public boolean fitsRotated(BigDecimal width, BigDecimal height) {
		return fits(height, width);
	}

	public boolean supportsTemplate(UUID templateId) {
		return this.supportedTemplateIds == null || this.supportedTemplateIds.contains(templateId);
	}

}

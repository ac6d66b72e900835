package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.lang.Nullable;

/** A printer as clients see it, with the origin's computed fields. */
record PrinterResponse(UUID id, UUID organizationId, String name, String printerType, @Nullable String manufacturer,
		@Nullable String model, @Nullable String notes, BigDecimal maxWidthInches, BigDecimal maxHeightInches, int dpi,
		@Nullable List<UUID> supportedTemplateIds, boolean isActive, boolean isDefault, boolean paused,
		Object printerConfig, String printAreaDescription, boolean isLargeFormat, @Nullable String createdBy,
		@Nullable String createdByType, int version, Instant createdAt, Instant updatedAt) {

	private static final BigDecimal LARGE = BigDecimal.valueOf(13);

	static PrinterResponse of(Printer printer, Object config) {
		return new PrinterResponse(printer.id(), printer.organizationId(), printer.name(), printer.printerType(),
				printer.manufacturer(), printer.model(), printer.notes(), plain(printer.maxWidthInches()),
				plain(printer.maxHeightInches()), printer.dpi(), printer.supportedTemplateIds(), printer.active(),
				printer.isDefault(), printer.paused(), config,
				printer.maxWidthInches().stripTrailingZeros().toPlainString() + "\" x "
						+ printer.maxHeightInches().stripTrailingZeros().toPlainString() + "\"",
				printer.maxWidthInches().compareTo(LARGE) > 0 || printer.maxHeightInches().compareTo(LARGE) > 0,
				printer.createdBy(), printer.createdByType(), printer.version(), printer.createdAt(),
				printer.updatedAt());
	}

	/** 23 rather than 23.000 in JSON. */
	static BigDecimal plain(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
	}

}

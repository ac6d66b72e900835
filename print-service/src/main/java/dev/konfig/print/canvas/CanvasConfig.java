package dev.konfig.print.canvas;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.lang.Nullable;

/** A canvas config row (CC-1). */
record CanvasConfig(UUID id, UUID organizationId, @Nullable UUID productTemplateId, String name,
		BigDecimal widthInches, BigDecimal heightInches, @Nullable String description, boolean isActive,
		boolean isStretch, int dpi, BigDecimal spacingWidthInches, BigDecimal spacingHeightInches, int version,
		Instant createdAt, Instant updatedAt) {

	/** The same config with numbers as clients read them (23 rather than 23.000). */
	CanvasConfig shown() {
		return new CanvasConfig(this.id, this.organizationId, this.productTemplateId, this.name, plain(this.widthInches),
				plain(this.heightInches), this.description, this.isActive, this.isStretch, this.dpi,
				plain(this.spacingWidthInches), plain(this.spacingHeightInches), this.version, this.createdAt,
				this.updatedAt);
	}

	static BigDecimal plain(BigDecimal value) {
		BigDecimal stripped = value.stripTrailingZeros();
		return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
	}

}

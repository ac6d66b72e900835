package dev.konfig.file.file;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.lang.Nullable;

import dev.konfig.file.content.ImageFacts;

/**
 * A file as clients see it (spec §2). The storage key is not shown: the layout is internal.
 * {@code deduplicated} appears only on upload answers.
 */
public record FileResponse(UUID id, UUID organizationId, String fileType, String status, String filename,
		String originalFilename, long fileSize, @Nullable String mimeType, @Nullable String sha256,
		String storageBackend, Map<String, Object> metadata, @Nullable Image image, @Nullable String error,
		@Nullable String createdBy, @Nullable String createdByType, @Nullable Instant archivedAt, Instant createdAt,
		Instant updatedAt, int version, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean deduplicated) {

	public static FileResponse of(StoredFile file) {
		return of(file, null);
	}

	public static FileResponse of(StoredFile file, @Nullable Boolean deduplicated) {
		return new FileResponse(file.id(), file.organizationId(), file.fileType(), file.status(), file.filename(),
				file.originalFilename(), file.fileSize(), file.mimeType(), file.sha256(), file.storageBackend(),
				file.metadata(), Image.of(file.image()), file.error(), file.createdBy(), file.createdByType(),
				file.archivedAt(), file.createdAt(), file.updatedAt(), file.version(), deduplicated);
	}

	/**
	 * The image facts, with the print size at the file's resolution ({@code width_inches =
	 * width_px / dpi_x}, three decimals, null without a resolution).
	 */
	public record Image(@Nullable Integer widthPx, @Nullable Integer heightPx, @Nullable Number dpiX,
			@Nullable Number dpiY, @Nullable String dpiSource, @Nullable BigDecimal widthInches,
			@Nullable BigDecimal heightInches, @Nullable Boolean hasAlpha, @Nullable String colorType,
			@Nullable Integer bitDepth) {

		@Nullable
		static Image of(ImageFacts facts) {
			if (facts.widthPx() == null && facts.heightPx() == null) {
				return null;
			}
			return new Image(facts.widthPx(), facts.heightPx(), number(facts.dpiX()), number(facts.dpiY()),
					facts.dpiSource(), ImageFacts.inches(facts.widthPx(), facts.dpiX()),
					ImageFacts.inches(facts.heightPx(), facts.dpiY()), facts.hasAlpha(), facts.colorType(),
					facts.bitDepth());
		}

		/** 400 rather than 400.00: whole resolutions are whole numbers in JSON. */
		@Nullable
		private static Number number(@Nullable BigDecimal value) {
			if (value == null) {
				return null;
			}
			BigDecimal plain = value.stripTrailingZeros();
			return (plain.scale() <= 0) ? (Number) plain.longValueExact() : (Number) plain.doubleValue();
		}

	}

}

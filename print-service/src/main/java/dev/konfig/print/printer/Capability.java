package dev.konfig.print.printer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.lang.Nullable;

/**
 * PR-5: whether a design of a size (and a template, and a file's pixels) can be printed on a
 * printer. Pure, so the whole matrix is tested without a database.
 */
final class Capability {

	private Capability() {
	}

	/**
	 * @param widthInches the design's width
	 * @param heightInches the design's height
	 * @param templateId a product template the design belongs to, if any
	 * @param allowRotation whether the design may be turned by 90°
	 * @param pixels the file's pixel size {@code [width, height]}, if a file was named
	 */
	record Question(BigDecimal widthInches, BigDecimal heightInches, @Nullable UUID templateId, boolean allowRotation,
			@Nullable int[] pixels) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Answer(boolean canPrint, UUID printerId, String printerName, boolean widthFits, boolean heightFits,
			@Nullable Boolean fitsRotated, @Nullable Boolean templateSupported, @Nullable BigDecimal effectiveDpi,
			@Nullable Boolean dpiOk, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String reason) {
	}

	static Answer check(Printer printer, Question question, int minEffectiveDpi) {
		BigDecimal width = question.widthInches();
		BigDecimal height = question.heightInches();
		boolean widthFits = width.compareTo(printer.maxWidthInches()) <= 0;
		boolean heightFits = height.compareTo(printer.maxHeightInches()) <= 0;
		Boolean fitsRotated = question.allowRotation() ? printer.fitsRotated(width, height) : null;
		boolean fits = (widthFits && heightFits) || Boolean.TRUE.equals(fitsRotated);
		Boolean templateSupported = (question.templateId() == null) ? null
				: printer.supportsTemplate(question.templateId());
		BigDecimal effectiveDpi = null;
		Boolean dpiOk = null;
		int minimum = Math.min(printer.dpi(), minEffectiveDpi);
		if (question.pixels() != null) {
			BigDecimal byWidth = BigDecimal.valueOf(question.pixels()[0]).divide(width, 1, RoundingMode.HALF_UP);
			BigDecimal byHeight = BigDecimal.valueOf(question.pixels()[1]).divide(height, 1, RoundingMode.HALF_UP);
			effectiveDpi = byWidth.min(byHeight).stripTrailingZeros();
			if (effectiveDpi.scale() < 0) {
				effectiveDpi = effectiveDpi.setScale(0);
			}
			dpiOk = effectiveDpi.compareTo(BigDecimal.valueOf(minimum)) >= 0;
		}
		List<String> reasons = new ArrayList<>();
		if (!printer.active()) {
			reasons.add("Printer is inactive");
		}
		if (!fits) {
			if (!widthFits) {
				reasons.add("Width " + plain(width) + "\" exceeds max " + plain(printer.maxWidthInches()) + "\"");
			}
			if (!heightFits) {
				reasons.add("Height " + plain(height) + "\" exceeds max " + plain(printer.maxHeightInches()) + "\"");
			}
		}
		if (Boolean.FALSE.equals(templateSupported)) {
			reasons.add("Template " + question.templateId() + " not supported");
		}
		if (Boolean.FALSE.equals(dpiOk)) {
			reasons.add("Effective DPI " + effectiveDpi.toPlainString() + " below " + minimum);
		}
		return new Answer(reasons.isEmpty(), printer.id(), printer.name(), widthFits, heightFits, fitsRotated,
				templateSupported, effectiveDpi, dpiOk, reasons.isEmpty() ? null : String.join("; ", reasons));
	}

	private static String plain(BigDecimal value) {
		return value.stripTrailingZeros().toPlainString();
	}

}

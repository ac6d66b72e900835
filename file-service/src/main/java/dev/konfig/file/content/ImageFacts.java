package dev.konfig.file.content;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.springframework.lang.Nullable;

/**
 * What an image's header says (FS-7); any fact may be unknown ({@code null}).
 *
 * @param widthPx width in pixels
 * @param heightPx height in pixels
 * @param dpiX horizontal resolution in dots per inch
 * @param dpiY vertical resolution in dots per inch
 * @param dpiSource where the resolution came from: {@code png_phys}, {@code jfif}, {@code exif},
 * {@code tiff}, {@code psd}
 * @param hasAlpha whether the image has an alpha channel or transparency
 * @param colorType {@code rgb}, {@code rgba}, {@code gray}, {@code gray_alpha}, {@code palette},
 * {@code cmyk}, {@code ycbcr}, ...
 * @param bitDepth bits per channel
 */
public record ImageFacts(@Nullable Integer widthPx, @Nullable Integer heightPx, @Nullable BigDecimal dpiX,
		@Nullable BigDecimal dpiY, @Nullable String dpiSource, @Nullable Boolean hasAlpha, @Nullable String colorType,
		@Nullable Integer bitDepth) {

	/** Nothing known: not an image, or an unreadable header. */
	public static final ImageFacts NONE = new ImageFacts(null, null, null, null, null, null, null, null);

	/** The largest resolution taken seriously; anything above is a broken header. */
	static final double MAX_DPI = 100_000;

	public ImageFacts {
		widthPx = positive(widthPx);
		heightPx = positive(heightPx);
		if (dpiX == null || dpiY == null) {
			dpiX = null;
			dpiY = null;
			dpiSource = null;
		}
	}

	public boolean isEmpty() {
		return this.equals(NONE);
	}

	ImageFacts withDpi(@Nullable BigDecimal x, @Nullable BigDecimal y, String source) {
		return new ImageFacts(this.widthPx, this.heightPx, x, y, source, this.hasAlpha, this.colorType, this.bitDepth);
	}

	/**
	 * The resolution as stored: within 0.05 of a whole number it is that number (PNG's 15748
	 * pixels per metre are 400 DPI), otherwise two decimals; zero, negative, non-finite or above
	 * {@value #MAX_DPI} is unknown.
	 */
	@Nullable
	public static BigDecimal dpi(double value) {
		if (!Double.isFinite(value) || value <= 0 || value > MAX_DPI) {
			return null;
		}
		double whole = Math.rint(value);
		if (Math.abs(value - whole) <= 0.05 && whole > 0) {
			return BigDecimal.valueOf((long) whole);
		}
		BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
		return (rounded.signum() > 0) ? rounded : null;
	}

	/** Inches of a length in pixels at a resolution, to three decimals; {@code null} without both. */
	@Nullable
	public static BigDecimal inches(@Nullable Integer pixels, @Nullable BigDecimal dpi) {
		if (pixels == null || dpi == null || dpi.signum() <= 0) {
			return null;
		}
		return BigDecimal.valueOf(pixels).divide(dpi, 3, RoundingMode.HALF_UP);
	}

	@Nullable
	private static Integer positive(@Nullable Integer value) {
		return (value != null && value > 0) ? value : null;
	}

}

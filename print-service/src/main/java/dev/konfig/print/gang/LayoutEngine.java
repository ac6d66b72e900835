package dev.konfig.print.gang;

import java.util.List;

/**
 * GS-4 and beyond: lays items out on sheets with the named algorithm. Pure and deterministic:
 * integer pixels, lists in request order, no clocks, no randomness.
 */
public final class LayoutEngine {

	/** The seed's row algorithm (GS-4), the baseline. */
	public static final String ROWS = "rows";

	/** MaxRects, bottom-left rule, with 90° rotation per copy; the default. */
	public static final String MAXRECTS = "maxrects";

	/** MaxRects, best-short-side-fit rule. */
	public static final String MAXRECTS_BSSF = "maxrects_bssf";

	/** Skyline, bottom-left rule. */
	public static final String SKYLINE = "skyline";

	public static final List<String> ALGORITHMS = List.of(ROWS, MAXRECTS, MAXRECTS_BSSF, SKYLINE);

	public static final String DEFAULT = MAXRECTS;

	private LayoutEngine() {
	}

	/**
	 * The layout; a design that fits in no allowed orientation, or more sheets than allowed, is a
	 * {@link LayoutRefusal} (never clipping).
	 */
	public static Layout layout(String algorithm, LayoutRequest request) {
		for (LayoutRequest.Item item : request.items()) {
			boolean upright = request.rotation().allowsUpright() && request.fits(item.widthPx(), item.heightPx());
			boolean rotated = request.rotation().allowsRotated() && request.fits(item.heightPx(), item.widthPx());
			if (!upright && !rotated) {
				throw new LayoutRefusal(item.index(), "items[" + item.index() + "] is " + item.widthPx() + " × "
						+ item.heightPx() + " px, larger than the sheet's " + request.usableWidth() + " × "
						+ request.usableLength() + " px inside the margins in every allowed orientation");
			}
		}
		return switch (algorithm) {
			case ROWS -> RowsPacker.pack(request);
			case MAXRECTS -> Packers.best(MAXRECTS, request,
					(w, h) -> new MaxRectsBin(w, h, MaxRectsBin.Rule.BOTTOM_LEFT));
			case MAXRECTS_BSSF -> Packers.best(MAXRECTS_BSSF, request,
					(w, h) -> new MaxRectsBin(w, h, MaxRectsBin.Rule.BEST_SHORT_SIDE));
			case SKYLINE -> Packers.best(SKYLINE, request, SkylineBin::new);
			default -> throw new IllegalArgumentException("Unknown algorithm " + algorithm);
		};
	}

}

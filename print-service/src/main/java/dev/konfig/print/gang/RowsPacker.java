package dev.konfig.print.gang;

import java.util.ArrayList;
import java.util.List;

/**
 * GS-4, the seed's algorithm with its defects fixed: copies in request order, left to right in
 * rows, a new row when the next copy would pass the right margin (advancing by the row's height
 * plus the <em>vertical</em> spacing), a new sheet when it would pass the bottom margin. No
 * backfilling. Kept as the baseline the packing algorithms are measured against.
 */
final class RowsPacker {

	private RowsPacker() {
	}

	static Layout pack(LayoutRequest request) {
		int width = request.widthPx();
		int length = request.maxLengthPx();
		int m = request.margin();
		List<Layout.Sheet> sheets = new ArrayList<>();
		List<Layout.Placement> placements = new ArrayList<>();
		int x = m;
		int y = m;
		int rowHeight = 0;
		int bottom = 0;
		for (LayoutRequest.Item item : request.items()) {
			boolean rotated = orientation(request, item);
			int w = rotated ? item.heightPx() : item.widthPx();
			int h = rotated ? item.widthPx() : item.heightPx();
			for (int copy = 0; copy < item.quantity(); copy++) {
				if (x + w > width - m) {
					x = m;
					y = y + rowHeight + request.spacingY();
					rowHeight = 0;
				}
				if (y + h > length - m) {
					sheets.add(new Layout.Sheet(sheets.size(), width, bottom + m, placements));
					Packers.checkSheets(request, sheets.size() + 1);
					placements = new ArrayList<>();
					x = m;
					y = m;
					rowHeight = 0;
					bottom = 0;
				}
				placements.add(new Layout.Placement(item.index(), copy, item.fileId(), x, y, w, h, rotated));
				bottom = Math.max(bottom, y + h);
				x = x + w + request.spacingX();
				rowHeight = Math.max(rowHeight, h);
			}
		}
		if (!placements.isEmpty()) {
			sheets.add(new Layout.Sheet(sheets.size(), width, bottom + m, placements));
		}
		return new Layout(LayoutEngine.ROWS, sheets);
	}

	/**
	 * {@code never}: as is; {@code always}: rotated; {@code auto}: of the orientations that fit, the
	 * one with the smaller height (ties: as is).
	 */
	static boolean orientation(LayoutRequest request, LayoutRequest.Item item) {
		boolean upright = request.rotation().allowsUpright() && request.fits(item.widthPx(), item.heightPx());
		boolean rotated = request.rotation().allowsRotated() && request.fits(item.heightPx(), item.widthPx());
		if (upright && rotated) {
			return item.widthPx() < item.heightPx();
		}
		return rotated;
	}

}

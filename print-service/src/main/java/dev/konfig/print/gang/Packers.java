package dev.konfig.print.gang;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The driver shared by the 2D packing algorithms: copies are placed one by one, largest first,
 * into the first open sheet that has room (a new sheet when none has), and the whole run is
 * repeated for a few orderings, keeping the layout with the fewest sheets and then the least film.
 *
 * <p>
 * Spacing is handled by inflation: every design is packed as {@code (w + sw) × (h + sh)} into a
 * sheet of {@code (W − 2m + sw) × (L − 2m + sh)}; packed boxes never overlap, so two designs are
 * at least {@code sw} apart across or {@code sh} apart along the roll, and the edges keep exactly
 * the margin. Everything is integer arithmetic over lists, so the same input gives the same layout.
 */
final class Packers {

	/** One free place a bin offers for a box, with the bin's score (lower is better). */
	record Candidate(int x, int y, boolean rotated, long primary, long secondary) {

		boolean betterThan(Candidate other) {
			return other == null || this.primary < other.primary
					|| (this.primary == other.primary && this.secondary < other.secondary);
		}

	}

	/** One sheet being packed, in inflated coordinates. */
	interface Bin {

		/**
		 * The best place for a box of this inflated size as designed ({@code w × h}) or turned
		 * ({@code rw × rh}), each when allowed; null when none.
		 */
		Candidate find(int w, int h, int rw, int rh, boolean upright, boolean rotated);

		/** Takes the place. */
		void place(Candidate candidate, int width, int height);

	}

	interface BinFactory {

		Bin create(int width, int height);

	}

	private record Copy(LayoutRequest.Item item, int copy) {
	}

	/** Largest first under a few measures; ties in request order (the sort is stable). */
	private static final List<Comparator<Copy>> ORDERS = List.of(
			Comparator.comparingLong((Copy c) -> -(long) c.item().widthPx() * c.item().heightPx()),
			Comparator.comparingInt((Copy c) -> -Math.max(c.item().widthPx(), c.item().heightPx())),
			Comparator.comparingInt((Copy c) -> -Math.min(c.item().widthPx(), c.item().heightPx())),
			Comparator.comparingInt((Copy c) -> -(c.item().widthPx() + c.item().heightPx())));

	private Packers() {
	}

	static void checkSheets(LayoutRequest request, int sheets) {
		if (sheets > request.maxSheets()) {
			throw new LayoutRefusal(null, "The layout needs more than " + request.maxSheets() + " sheets");
		}
	}

	static Layout best(String algorithm, LayoutRequest request, BinFactory bins) {
		List<Copy> copies = new ArrayList<>(request.totalCopies());
		for (LayoutRequest.Item item : request.items()) {
			for (int copy = 0; copy < item.quantity(); copy++) {
				copies.add(new Copy(item, copy));
			}
		}
		Layout best = null;
		for (Comparator<Copy> order : ORDERS) {
			List<Copy> sorted = new ArrayList<>(copies);
			sorted.sort(order);
			Layout layout;
			try {
				layout = pack(algorithm, request, bins, sorted);
			}
			catch (LayoutRefusal tooManySheets) {
				if (best == null && order == ORDERS.get(ORDERS.size() - 1)) {
					throw tooManySheets;
				}
				continue;
			}
			if (best == null || layout.sheets().size() < best.sheets().size()
					|| (layout.sheets().size() == best.sheets().size() && layout.totalLengthPx() < best.totalLengthPx())) {
				best = layout;
			}
		}
		return best;
	}

	private static Layout pack(String algorithm, LayoutRequest request, BinFactory bins, List<Copy> copies) {
		int sx = request.spacingX();
		int sy = request.spacingY();
		int binWidth = request.usableWidth() + sx;
		int binHeight = request.usableLength() + sy;
		List<Bin> open = new ArrayList<>();
		List<List<Layout.Placement>> placed = new ArrayList<>();
		int[] bottoms = new int[request.maxSheets() + 1];
		List<Integer> failed = new ArrayList<>();
		for (Copy copy : copies) {
			LayoutRequest.Item item = copy.item();
			boolean upright = request.rotation().allowsUpright() && request.fits(item.widthPx(), item.heightPx());
			// A square turned is the same box: only worth trying when it must be turned.
			boolean turned = request.rotation().allowsRotated() && request.fits(item.heightPx(), item.widthPx())
					&& !(upright && item.widthPx() == item.heightPx());
			int w = item.widthPx() + sx;
			int h = item.heightPx() + sy;
			int rw = item.heightPx() + sx;
			int rh = item.widthPx() + sy;
			int sheet = -1;
			Candidate candidate = null;
			for (int i = 0; i < open.size() && candidate == null; i++) {
				// Sheets only lose room: one that had none for this item's last copy has none for this one.
				if (failed.get(i) == item.index()) {
					continue;
				}
				candidate = open.get(i).find(w, h, rw, rh, upright, turned);
				sheet = i;
				if (candidate == null) {
					failed.set(i, item.index());
				}
			}
			if (candidate == null) {
				checkSheets(request, open.size() + 1);
				open.add(bins.create(binWidth, binHeight));
				failed.add(-1);
				placed.add(new ArrayList<>());
				sheet = open.size() - 1;
				candidate = open.get(sheet).find(w, h, rw, rh, upright, turned);
				if (candidate == null) {
					throw new IllegalStateException("A checked design does not fit an empty sheet");
				}
			}
			open.get(sheet).place(candidate, candidate.rotated() ? rw : w, candidate.rotated() ? rh : h);
			int pw = candidate.rotated() ? item.heightPx() : item.widthPx();
			int ph = candidate.rotated() ? item.widthPx() : item.heightPx();
			int x = request.margin() + candidate.x();
			int y = request.margin() + candidate.y();
			placed.get(sheet).add(new Layout.Placement(item.index(), copy.copy(), item.fileId(), x, y, pw, ph,
					candidate.rotated()));
			bottoms[sheet] = Math.max(bottoms[sheet], y + ph);
		}
		List<Layout.Sheet> sheets = new ArrayList<>(placed.size());
		for (int i = 0; i < placed.size(); i++) {
			List<Layout.Placement> placements = placed.get(i);
			placements.sort(Comparator.comparingInt(Layout.Placement::y).thenComparingInt(Layout.Placement::x));
			sheets.add(new Layout.Sheet(i, request.widthPx(), bottoms[i] + request.margin(), placements));
		}
		return new Layout(algorithm, sheets);
	}

}

package dev.konfig.print.gang;

import java.util.Arrays;

/**
 * MaxRects packing: the sheet's free space is kept as the list of maximal free rectangles (they
 * may overlap); a box goes into the free rectangle the rule scores best, every free rectangle it
 * intersects is split into up to four, and rectangles inside others are dropped. Gaps left by
 * earlier boxes are filled later (unlike the skyline).
 *
 * <p>
 * Rules: {@link Rule#BOTTOM_LEFT} (the box whose bottom is highest up the roll, then leftmost:
 * least film on a roll) and {@link Rule#BEST_SHORT_SIDE} (the free rectangle whose shorter
 * leftover side is smallest, then the longer; then the bottom-left rule).
 */
final class MaxRectsBin implements Packers.Bin {

	enum Rule {

		BOTTOM_LEFT, BEST_SHORT_SIDE

	}

	private final Rule rule;

	/** Free rectangles as {x, y, w, h} quadruples. */
	private int[] free = new int[64];

	private int count;

	/** Free rectangles made by the current split, checked against the others for containment. */
	private int[] fresh = new int[64];

	private int freshCount;

	/** The widest and the tallest free rectangle: a box beyond both is refused without a search. */
	private int maxWidth;

	private int maxHeight;

	MaxRectsBin(int width, int height, Rule rule) {
		this.rule = rule;
		this.free[0] = 0;
		this.free[1] = 0;
		this.free[2] = width;
		this.free[3] = height;
		this.count = 1;
		this.maxWidth = width;
		this.maxHeight = height;
	}

	@Override
	public Packers.Candidate find(int w, int h, int rw, int rh, boolean upright, boolean rotated) {
		upright = upright && w <= this.maxWidth && h <= this.maxHeight;
		rotated = rotated && rw <= this.maxWidth && rh <= this.maxHeight;
		if (!upright && !rotated) {
			return null;
		}
		Packers.Candidate best = null;
		for (int i = 0; i < this.count; i++) {
			int o = i * 4;
			int fx = this.free[o];
			int fy = this.free[o + 1];
			int fw = this.free[o + 2];
			int fh = this.free[o + 3];
			if (upright && w <= fw && h <= fh) {
				Packers.Candidate candidate = score(fx, fy, fw, fh, w, h, false);
				if (candidate.betterThan(best)) {
					best = candidate;
				}
			}
			if (rotated && rw <= fw && rh <= fh) {
				Packers.Candidate candidate = score(fx, fy, fw, fh, rw, rh, true);
				if (candidate.betterThan(best)) {
					best = candidate;
				}
			}
		}
		return best;
	}

	private Packers.Candidate score(int fx, int fy, int fw, int fh, int w, int h, boolean rotated) {
		if (this.rule == Rule.BOTTOM_LEFT) {
			return new Packers.Candidate(fx, fy, rotated, (long) fy + h, fx);
		}
		int leftoverW = fw - w;
		int leftoverH = fh - h;
		long shortSide = Math.min(leftoverW, leftoverH);
		long longSide = Math.max(leftoverW, leftoverH);
		// Short side first, long side next; the position breaks what ties remain.
		return new Packers.Candidate(fx, fy, rotated, shortSide * (1L << 31) + longSide,
				((long) fy + h) * (1L << 31) + fx);
	}

	@Override
	public void place(Packers.Candidate candidate, int w, int h) {
		int x = candidate.x();
		int y = candidate.y();
		this.freshCount = 0;
		int i = 0;
		while (i < this.count) {
			int o = i * 4;
			int fx = this.free[o];
			int fy = this.free[o + 1];
			int fw = this.free[o + 2];
			int fh = this.free[o + 3];
			if (x >= fx + fw || x + w <= fx || y >= fy + fh || y + h <= fy) {
				i++;
				continue;
			}
			if (x > fx) {
				addFresh(fx, fy, x - fx, fh);
			}
			if (x + w < fx + fw) {
				addFresh(x + w, fy, fx + fw - x - w, fh);
			}
			if (y > fy) {
				addFresh(fx, fy, fw, y - fy);
			}
			if (y + h < fy + fh) {
				addFresh(fx, y + h, fw, fy + fh - y - h);
			}
			removeAt(i);
		}
		// Fresh rectangles inside an old one, or inside another fresh one, add nothing.
		for (int k = 0; k < this.freshCount; k++) {
			int a = k * 4;
			if (this.fresh[a + 2] < 0) {
				continue;
			}
			boolean contained = false;
			for (int j = 0; j < this.count && !contained; j++) {
				contained = contains(this.free, j * 4, this.fresh, a);
			}
			for (int j = 0; j < this.freshCount && !contained; j++) {
				if (j != k && this.fresh[j * 4 + 2] >= 0 && contains(this.fresh, j * 4, this.fresh, a)
						&& (!contains(this.fresh, a, this.fresh, j * 4) || j < k)) {
					contained = true;
				}
			}
			if (contained) {
				this.fresh[a + 2] = -1;
			}
		}
		for (int k = 0; k < this.freshCount; k++) {
			int a = k * 4;
			if (this.fresh[a + 2] >= 0) {
				add(this.fresh[a], this.fresh[a + 1], this.fresh[a + 2], this.fresh[a + 3]);
			}
		}
		this.maxWidth = 0;
		this.maxHeight = 0;
		for (int k = 0; k < this.count; k++) {
			this.maxWidth = Math.max(this.maxWidth, this.free[k * 4 + 2]);
			this.maxHeight = Math.max(this.maxHeight, this.free[k * 4 + 3]);
		}
	}

	private static boolean contains(int[] outer, int o, int[] inner, int i) {
		return inner[i] >= outer[o] && inner[i + 1] >= outer[o + 1]
				&& inner[i] + inner[i + 2] <= outer[o] + outer[o + 2]
				&& inner[i + 1] + inner[i + 3] <= outer[o + 1] + outer[o + 3];
	}

	private void addFresh(int x, int y, int w, int h) {
		if (w <= 0 || h <= 0) {
			return;
		}
		if ((this.freshCount + 1) * 4 > this.fresh.length) {
			this.fresh = Arrays.copyOf(this.fresh, this.fresh.length * 2);
		}
		int o = this.freshCount * 4;
		this.fresh[o] = x;
		this.fresh[o + 1] = y;
		this.fresh[o + 2] = w;
		this.fresh[o + 3] = h;
		this.freshCount++;
	}

	private void add(int x, int y, int w, int h) {
		if ((this.count + 1) * 4 > this.free.length) {
			this.free = Arrays.copyOf(this.free, this.free.length * 2);
		}
		int o = this.count * 4;
		this.free[o] = x;
		this.free[o + 1] = y;
		this.free[o + 2] = w;
		this.free[o + 3] = h;
		this.count++;
	}

	/** Removes in place, keeping the order (the order decides ties, so layouts stay the same). */
	private void removeAt(int i) {
		System.arraycopy(this.free, (i + 1) * 4, this.free, i * 4, (this.count - i - 1) * 4);
		this.count--;
	}

}

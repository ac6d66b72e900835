package dev.konfig.print.gang;

import java.util.Arrays;

/**
 * Skyline packing, bottom-left rule: the sheet's filled profile is a list of segments
 * {@code (x, y, width)}; a box goes where its top ends highest up the roll (least film), then
 * leftmost. Fast (linear in the skyline's segments per box); gaps under a box are given up.
 */
final class SkylineBin implements Packers.Bin {

	private final int width;

	private final int height;

	private int[] xs = new int[16];

	private int[] ys = new int[16];

	private int[] ws = new int[16];

	private int count;

	SkylineBin(int width, int height) {
		this.width = width;
		this.height = height;
		this.xs[0] = 0;
		this.ys[0] = 0;
		this.ws[0] = width;
		this.count = 1;
	}

	@Override
	public Packers.Candidate find(int w, int h, int rw, int rh, boolean upright, boolean rotated) {
		Packers.Candidate best = null;
		if (upright) {
			best = find(w, h, false, best);
		}
		if (rotated) {
			best = find(rw, rh, true, best);
		}
		return best;
	}

	private Packers.Candidate find(int w, int h, boolean rotated, Packers.Candidate best) {
		if (w > this.width || h > this.height) {
			return best;
		}
		for (int i = 0; i < this.count; i++) {
			int x = this.xs[i];
			if (x + w > this.width) {
				break;
			}
			int y = restingHeight(i, w);
			if (y + h > this.height) {
				continue;
			}
			Packers.Candidate candidate = new Packers.Candidate(x, y, rotated, (long) y + h, x);
			if (candidate.betterThan(best)) {
				best = candidate;
			}
		}
		return best;
	}

	/** The height a box of width {@code w} rests at when its left edge is at segment {@code i}. */
	private int restingHeight(int i, int w) {
		int end = this.xs[i] + w;
		int y = 0;
		for (int j = i; j < this.count && this.xs[j] < end; j++) {
			y = Math.max(y, this.ys[j]);
		}
		return y;
	}

	@Override
	public void place(Packers.Candidate candidate, int w, int h) {
		int x = candidate.x();
		int top = candidate.y() + h;
		int end = x + w;
		int i = 0;
		while (this.xs[i] != x) {
			i++;
		}
		// Segments wholly under the box go; one reaching past its right edge is cut.
		int j = i;
		while (j < this.count && this.xs[j] + this.ws[j] <= end) {
			j++;
		}
		if (j < this.count && this.xs[j] < end) {
			int cut = end - this.xs[j];
			this.xs[j] = end;
			this.ws[j] -= cut;
		}
		int removed = j - i;
		int shift = 1 - removed;
		ensure(this.count + shift);
		if (shift != 0) {
			System.arraycopy(this.xs, j, this.xs, j + shift, this.count - j);
			System.arraycopy(this.ys, j, this.ys, j + shift, this.count - j);
			System.arraycopy(this.ws, j, this.ws, j + shift, this.count - j);
		}
		this.count += shift;
		this.xs[i] = x;
		this.ys[i] = top;
		this.ws[i] = w;
		merge();
	}

	private void ensure(int size) {
		if (size > this.xs.length) {
			int grown = Math.max(size, this.xs.length * 2);
			this.xs = Arrays.copyOf(this.xs, grown);
			this.ys = Arrays.copyOf(this.ys, grown);
			this.ws = Arrays.copyOf(this.ws, grown);
		}
	}

	/** Neighbouring segments at the same height become one. */
	private void merge() {
		int out = 0;
		for (int k = 1; k < this.count; k++) {
			if (this.ys[k] == this.ys[out]) {
				this.ws[out] += this.ws[k];
			}
			else {
				out++;
				this.xs[out] = this.xs[k];
				this.ys[out] = this.ys[k];
				this.ws[out] = this.ws[k];
			}
		}
		this.count = out + 1;
	}

}

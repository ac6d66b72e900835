package dev.konfig.print.gang.render;

/**
 * Resizes ARGB pixels (RN-3) on premultiplied alpha, so transparent edges do not fringe: area
 * averaging when reducing (each output pixel is the coverage-weighted mean of the source pixels
 * under it), Catmull-Rom bicubic when enlarging; separable, one axis then the other. The same
 * size on an axis copies it unchanged, so a design at the sheet's DPI is pixel-exact.
 */
public final class Resampler {

	private Resampler() {
	}

	/** {@code src} is {@code sw × sh} ARGB (not premultiplied); the answer is {@code tw × th}, the same. */
	public static int[] resize(int[] src, int sw, int sh, int tw, int th) {
		if (sw == tw && sh == th) {
			return src;
		}
		int[] pre = new int[src.length];
		for (int i = 0; i < src.length; i++) {
			pre[i] = premultiply(src[i]);
		}
		int[] across = (sw == tw) ? pre : pass(pre, sw, sh, tw, true);
		int[] done = (sh == th) ? across : pass(across, tw, sh, th, false);
		for (int i = 0; i < done.length; i++) {
			done[i] = unpremultiply(done[i]);
		}
		return done;
	}

	/** One axis: {@code horizontal} resizes rows from {@code w} to {@code target}, else columns from {@code h}. */
	private static int[] pass(int[] src, int w, int h, int target, boolean horizontal) {
		int from = horizontal ? w : h;
		Weights weights = weights(from, target);
		int lines = horizontal ? h : w;
		int[] out = horizontal ? new int[target * h] : new int[w * target];
		for (int line = 0; line < lines; line++) {
			for (int t = 0; t < target; t++) {
				float a = 0;
				float r = 0;
				float g = 0;
				float b = 0;
				int start = weights.start[t];
				int base = t * weights.taps;
				for (int k = 0; k < weights.count[t]; k++) {
					int s = start + k;
					int pixel = horizontal ? src[line * w + s] : src[s * w + line];
					float weight = weights.values[base + k];
					a += weight * (pixel >>> 24);
					r += weight * ((pixel >>> 16) & 0xff);
					g += weight * ((pixel >>> 8) & 0xff);
					b += weight * (pixel & 0xff);
				}
				int ca = clamp(a);
				int pixel = (ca << 24) | (Math.min(clamp(r), ca) << 16) | (Math.min(clamp(g), ca) << 8) | Math.min(clamp(b), ca);
				if (horizontal) {
					out[line * target + t] = pixel;
				}
				else {
					out[t * w + line] = pixel;
				}
			}
		}
		return out;
	}

	private record Weights(int taps, int[] start, int[] count, float[] values) {
	}

	private static Weights weights(int from, int to) {
		double scale = (double) to / from;
		int taps = scale < 1 ? (int) Math.ceil(1 / scale) + 2 : 4;
		int[] start = new int[to];
		int[] count = new int[to];
		float[] values = new float[to * taps];
		for (int t = 0; t < to; t++) {
			if (scale < 1) {
				// The output pixel covers [t/scale, (t+1)/scale) of the source.
				double left = t / scale;
				double right = Math.min(from, (t + 1) / scale);
				int first = (int) Math.floor(left);
				int last = Math.min(from - 1, (int) Math.ceil(right) - 1);
				start[t] = first;
				count[t] = last - first + 1;
				double total = right - left;
				for (int s = first; s <= last; s++) {
					double overlap = Math.min(right, s + 1) - Math.max(left, s);
					values[t * taps + s - first] = (float) (overlap / total);
				}
			}
			else {
				double center = (t + 0.5) / scale - 0.5;
				int first = (int) Math.floor(center) - 1;
				double sum = 0;
				double[] w = new double[4];
				for (int k = 0; k < 4; k++) {
					w[k] = cubic(center - (first + k));
					sum += w[k];
				}
				// Taps outside the source fold onto its edge pixels.
				int lo = Math.max(0, first);
				int hi = Math.min(from - 1, first + 3);
				start[t] = lo;
				count[t] = hi - lo + 1;
				for (int k = 0; k < 4; k++) {
					int s = Math.min(hi, Math.max(lo, first + k));
					values[t * taps + s - lo] += (float) (w[k] / sum);
				}
			}
		}
		return new Weights(taps, start, count, values);
	}

	/** Catmull-Rom (Keys, a = −0.5). */
	private static double cubic(double x) {
		x = Math.abs(x);
		if (x < 1) {
			return 1.5 * x * x * x - 2.5 * x * x + 1;
		}
		if (x < 2) {
			return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
		}
		return 0;
	}

	private static int clamp(float value) {
		int rounded = Math.round(value);
		return rounded < 0 ? 0 : Math.min(255, rounded);
	}

	static int premultiply(int argb) {
		int a = argb >>> 24;
		if (a == 255) {
			return argb;
		}
		if (a == 0) {
			return 0;
		}
		int r = (((argb >>> 16) & 0xff) * a + 127) / 255;
		int g = (((argb >>> 8) & 0xff) * a + 127) / 255;
		int b = ((argb & 0xff) * a + 127) / 255;
		return (a << 24) | (r << 16) | (g << 8) | b;
	}

	static int unpremultiply(int argb) {
		int a = argb >>> 24;
		if (a == 255 || a == 0) {
			return a == 0 ? 0 : argb;
		}
		int r = Math.min(255, (((argb >>> 16) & 0xff) * 255 + a / 2) / a);
		int g = Math.min(255, (((argb >>> 8) & 0xff) * 255 + a / 2) / a);
		int b = Math.min(255, ((argb & 0xff) * 255 + a / 2) / a);
		return (a << 24) | (r << 16) | (g << 8) | b;
	}

}

package dev.konfig.print.gang;

import java.util.List;
import java.util.UUID;

/**
 * A computed layout in sheet pixels (GS-6): the sheets in order, each with its placements.
 *
 * @param algorithm the algorithm that produced it
 * @param sheets the sheets, first to last
 */
public record Layout(String algorithm, List<Sheet> sheets) {

	/** One placed copy: its top-left corner and its size on the sheet, rotated 90° clockwise or not. */
	public record Placement(int itemIndex, int copyIndex, UUID fileId, int x, int y, int width, int height,
			boolean rotated) {

		long area() {
			return (long) this.width * this.height;
		}

	}

	/**
	 * One sheet: {@code lengthPx} is the bottom of the lowest placement plus the margin.
	 */
	public record Sheet(int index, int widthPx, int lengthPx, List<Placement> placements) {

		public long placedArea() {
			long area = 0;
			for (Placement placement : this.placements) {
				area += placement.area();
			}
			return area;
		}

		/** Placed area over the sheet's used area, 4 decimals. */
		public double utilization() {
			return round4((double) placedArea() / ((double) this.widthPx * this.lengthPx));
		}

	}

	public int totalCopies() {
		int copies = 0;
		for (Sheet sheet : this.sheets) {
			copies += sheet.placements().size();
		}
		return copies;
	}

	/** The sum of the sheets' lengths: the film used. */
	public long totalLengthPx() {
		long length = 0;
		for (Sheet sheet : this.sheets) {
			length += sheet.lengthPx();
		}
		return length;
	}

	/** Utilization over every sheet, weighted by area. */
	public double utilization() {
		double placed = 0;
		double area = 0;
		for (Sheet sheet : this.sheets) {
			placed += sheet.placedArea();
			area += (double) sheet.widthPx() * sheet.lengthPx();
		}
		return area == 0 ? 0 : round4(placed / area);
	}

	static double round4(double value) {
		return Math.round(value * 10_000d) / 10_000d;
	}

}

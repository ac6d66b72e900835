package dev.konfig.print.gang.render;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.konfig.print.gang.Layout;

/**
 * Composes one sheet in horizontal strips over a transparent background and streams it as PNG
 * (RN-4, RN-5): only one strip of the sheet exists at a time; each placement's rows that fall in
 * the strip are copied from its design at sheet size.
 */
public final class SheetRenderer {

	/** Told after each strip; may throw to stop (a cancelled job stops between strips). */
	public interface Progress {

		void rows(int done);

	}

	private SheetRenderer() {
	}

	/**
	 * @param width the image's width (the sheet's, or less with {@code crop = content})
	 * @param length the image's length
	 */
	public static void render(Layout.Sheet sheet, int width, int length, int dpi, Map<String, String> text,
			Designs designs, int stripRows, OutputStream out, Progress progress) throws IOException {
		List<Layout.Placement> placements = new ArrayList<>(sheet.placements());
		placements.sort(Comparator.comparingInt(Layout.Placement::y));
		int[] strip = new int[width * stripRows];
		List<Layout.Placement> active = new ArrayList<>();
		int next = 0;
		try (PngStreamWriter png = new PngStreamWriter(out, width, length, dpi, text, 1)) {
			for (int top = 0; top < length; top += stripRows) {
				int rows = Math.min(stripRows, length - top);
				int bottom = top + rows;
				int stripTop = top;
				java.util.Arrays.fill(strip, 0, width * rows, 0);
				while (next < placements.size() && placements.get(next).y() < bottom) {
					active.add(placements.get(next++));
				}
				active.removeIf(p -> p.y() + p.height() <= stripTop);
				for (Layout.Placement p : active) {
					int[] pixels = designs.pixels(p.fileId(), p.rotated() ? p.height() : p.width(),
							p.rotated() ? p.width() : p.height(), p.rotated());
					int from = Math.max(top, p.y());
					int to = Math.min(bottom, p.y() + p.height());
					int copyWidth = Math.min(p.width(), width - p.x());
					if (copyWidth <= 0) {
						continue;
					}
					for (int y = from; y < to; y++) {
						System.arraycopy(pixels, (y - p.y()) * p.width(), strip, (y - top) * width + p.x(), copyWidth);
					}
				}
				png.writeRows(strip, rows);
				progress.rows(rows);
			}
			png.finish();
		}
	}

}

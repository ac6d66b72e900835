package dev.konfig.print.gang.bench;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import dev.konfig.print.gang.Layout;
import dev.konfig.print.gang.LayoutEngine;
import dev.konfig.print.gang.LayoutRequest;
import dev.konfig.print.gang.render.Designs;
import dev.konfig.print.gang.render.SheetRenderer;

/**
 * {@code bench/gang-render.sh}: one 23 × 215 in sheet at 400 DPI (9200 × 86000 px, the whole
 * length kept) filled with designs of 1–10 in, rendered by the renderer's code into a file; prints
 * the time, the bytes, the peak heap and the peak RSS. Arguments: the output directory, the
 * render cache in MiB (default 256).
 */
public final class GangRenderBench {

	private GangRenderBench() {
	}

	public static void main(String[] args) throws IOException {
		Path dir = Path.of(args[0]);
		long cache = (args.length > 1 ? Long.parseLong(args[1]) : 256) << 20;
		Files.createDirectories(dir);
		int dpi = 400;
		int[][] sizes = { { 4000, 4800 }, { 2400, 3200 }, { 1600, 1600 }, { 800, 800 }, { 1200, 400 }, { 3200, 2000 },
				{ 400, 400 }, { 2000, 2800 } };
		Map<UUID, Path> files = new HashMap<>();
		List<LayoutRequest.Item> items = new ArrayList<>();
		for (int i = 0; i < sizes.length; i++) {
			UUID id = new UUID(42, i);
			Path path = dir.resolve("design-" + i + ".png");
			ImageIO.write(design(sizes[i][0], sizes[i][1], i), "png", path.toFile());
			files.put(id, path);
			items.add(new LayoutRequest.Item(i, id, sizes[i][0], sizes[i][1], 400));
		}
		LayoutRequest request = new LayoutRequest(23 * dpi, 215 * dpi, 50, 50, 0, LayoutRequest.Rotation.AUTO, 200,
				items);
		Layout.Sheet sheet = LayoutEngine.layout(LayoutEngine.DEFAULT, request).sheets().get(0);
		System.gc();
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			pool.resetPeakUsage();
		}
		Path output = dir.resolve("sheet.png");
		long start = System.nanoTime();
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
			SheetRenderer.render(sheet, sheet.widthPx(), request.maxLengthPx(), dpi,
					Map.of("Software", "konfig print-service", "Comment", "gang-render bench"),
					new Designs(files::get, cache), 256, out, rows -> {
					});
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long heap = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				heap += pool.getPeakUsage().getUsed();
			}
		}
		String rss = Files.readAllLines(Path.of("/proc/self/status"))
			.stream()
			.filter(line -> line.startsWith("VmHWM"))
			.findFirst()
			.orElse("VmHWM: ?")
			.replaceAll("\\s+", " ");
		System.out.printf(Locale.ROOT, "sheet %d x %d px (%d placements, utilization %.1f%%)%n", sheet.widthPx(),
				request.maxLengthPx(), sheet.placements().size(), sheet.utilization() * 100);
		System.out.printf(Locale.ROOT, "render_seconds %.2f%n", seconds);
		System.out.printf(Locale.ROOT, "output_bytes %d%n", Files.size(output));
		System.out.printf(Locale.ROOT, "peak_heap_mib %.1f (sum of the heap pools' peaks, an upper bound)%n",
				heap / 1048576.0);
		System.out.println("peak_rss " + rss.substring(rss.indexOf(':') + 1).trim());
		System.out.println("output " + output);
	}

	/** A design with colour gradients and a transparent corner, like a die-cut sticker. */
	private static BufferedImage design(int width, int height, int seed) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		int[] row = new int[width];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				boolean cut = (long) x * x + (long) y * y < (long) width * width / 16;
				row[x] = cut ? 0 : 0xff000000 | ((x * 255 / width + seed * 31) & 0xff) << 16
						| ((y * 255 / height) & 0xff) << 8 | ((x + y + seed) & 0xff);
			}
			image.setRGB(0, y, width, 1, row, 0, width);
		}
		return image;
	}

}

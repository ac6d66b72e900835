package dev.konfig.print.gang.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.konfig.print.gang.Layout;
import dev.konfig.print.gang.LayoutEngine;
import dev.konfig.print.gang.LayoutRequest;

/**
 * {@code bench/gang-layout.sh}: per order of the fixture set, the film length and utilization of
 * every algorithm side by side, the totals, the default's ratio to {@code rows}, and the time to
 * lay out 500 items / 20 000 copies.
 */
public final class GangLayoutBench {

	private GangLayoutBench() {
	}

	public static void main(String[] args) {
		int count = args.length > 0 ? Integer.parseInt(args[0]) : 12;
		List<GangOrders.Order> orders = GangOrders.orders(count);
		List<String> algorithms = LayoutEngine.ALGORITHMS;
		Map<String, Long> totals = new LinkedHashMap<>();
		Map<String, Double> placed = new LinkedHashMap<>();
		StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-26s %6s", "order", "copies"));
		for (String algorithm : algorithms) {
			header.append(String.format(Locale.ROOT, " | %-13s %8s %6s", algorithm, "in", "util"));
		}
		System.out.println(header);
		int longer = 0;
		for (GangOrders.Order order : orders) {
			StringBuilder line = new StringBuilder(
					String.format(Locale.ROOT, "%-26s %6d", order.name(), order.copies()));
			long rowsLength = 0;
			long defaultLength = 0;
			for (String algorithm : algorithms) {
				Layout layout = LayoutEngine.layout(algorithm, GangOrders.request(order.items()));
				long length = layout.totalLengthPx();
				totals.merge(algorithm, length, Long::sum);
				placed.merge(algorithm, layout.utilization() * length, Double::sum);
				line.append(String.format(Locale.ROOT, " | %2d sheet(s)  %8.2f %5.1f%%", layout.sheets().size(),
						length / (double) GangOrders.DPI, layout.utilization() * 100));
				if (algorithm.equals(LayoutEngine.ROWS)) {
					rowsLength = length;
				}
				if (algorithm.equals(LayoutEngine.DEFAULT)) {
					defaultLength = length;
				}
			}
			if (defaultLength > rowsLength) {
				longer++;
				line.append("  <- default longer than rows");
			}
			System.out.println(line);
		}
		StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "%-26s %6s", "total", ""));
		for (String algorithm : algorithms) {
			total.append(String.format(Locale.ROOT, " | %-13s %8.2f %5.1f%%", "", totals.get(algorithm) / (double) GangOrders.DPI,
					placed.get(algorithm) / totals.get(algorithm) * 100));
		}
		System.out.println(total);
		for (String algorithm : algorithms) {
			System.out.printf(Locale.ROOT, "%s / rows film length: %.3f%n", algorithm,
					totals.get(algorithm) / (double) totals.get(LayoutEngine.ROWS));
		}
		System.out.printf(Locale.ROOT, "default (%s): orders where it is longer than rows: %d%n", LayoutEngine.DEFAULT,
				longer);

		LayoutRequest largest = GangOrders.request(GangOrders.largest());
		for (String algorithm : algorithms) {
			// Warm up, then the best of five runs.
			for (int i = 0; i < 3; i++) {
				LayoutEngine.layout(algorithm, largest);
			}
			long best = Long.MAX_VALUE;
			Layout layout = null;
			for (int i = 0; i < 5; i++) {
				long start = System.nanoTime();
				layout = LayoutEngine.layout(algorithm, largest);
				best = Math.min(best, System.nanoTime() - start);
			}
			System.out.printf(Locale.ROOT, "500 items / %d copies, %s: %.1f ms (%d sheets, %.1f%%)%n",
					layout.totalCopies(), algorithm, best / 1e6, layout.sheets().size(), layout.utilization() * 100);
		}
	}

}

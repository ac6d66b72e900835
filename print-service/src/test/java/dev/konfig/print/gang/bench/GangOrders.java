package dev.konfig.print.gang.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.konfig.print.gang.LayoutRequest;

/**
 * The bench's fixture set, built by a seeded generator so every run sees the same orders: DTF
 * orders as sellers send them, mostly small decals in large quantities, some shirt-front designs,
 * a few large prints; sizes 1 × 1 in to 22 × 30 in, quantities 1–200, laid on the default
 * 23 × 215 in sheet at 400 DPI with 0.125 in spacing.
 */
public final class GangOrders {

	public static final int DPI = 400;

	public static final long SEED = 20_261_202L;

	private GangOrders() {
	}

	/** One order: a name and its items in the order a seller entered them. */
	public record Order(String name, List<LayoutRequest.Item> items) {

		public int copies() {
			return this.items.stream().mapToInt(LayoutRequest.Item::quantity).sum();
		}

	}

	public static List<Order> orders(int count) {
		Random random = new Random(SEED);
		List<Order> orders = new ArrayList<>();
		for (int o = 0; o < count; o++) {
			int kind = o % 4;
			int itemCount = switch (kind) {
				case 0 -> 3 + random.nextInt(6);
				case 1 -> 8 + random.nextInt(20);
				case 2 -> 1 + random.nextInt(3);
				default -> 15 + random.nextInt(30);
			};
			List<LayoutRequest.Item> items = new ArrayList<>();
			for (int i = 0; i < itemCount; i++) {
				items.add(item(random, i, kind));
			}
			String name = switch (kind) {
				case 0 -> "mixed";
				case 1 -> "decals";
				case 2 -> "large prints";
				default -> "shop batch";
			};
			orders.add(new Order("order " + (o + 1) + " (" + name + ")", items));
		}
		return orders;
	}

	private static LayoutRequest.Item item(Random random, int index, int kind) {
		double width;
		double height;
		int quantity;
		int roll = random.nextInt(100);
		if (kind == 2 || (kind == 0 && roll < 15)) {
			// Large prints: back designs, banners.
			width = 10 + random.nextInt(121) / 10.0;
			height = 12 + random.nextInt(181) / 10.0;
			quantity = 1 + random.nextInt(kind == 2 ? 12 : 6);
		}
		else if (kind == 1 || roll < 55) {
			// Small decals, logos, pocket prints.
			width = 1 + random.nextInt(31) / 10.0;
			height = 1 + random.nextInt(31) / 10.0;
			quantity = 10 + random.nextInt(191);
		}
		else {
			// Shirt fronts.
			width = 6 + random.nextInt(61) / 10.0;
			height = 4 + random.nextInt(81) / 10.0;
			quantity = 1 + random.nextInt(60);
		}
		width = Math.min(width, 22);
		height = Math.min(height, 30);
		return new LayoutRequest.Item(index, new UUID(SEED, index), (int) Math.round(width * DPI),
				(int) Math.round(height * DPI), quantity);
	}

	/** 500 items, 20 000 copies: the speed target (GS-8). */
	public static List<LayoutRequest.Item> largest() {
		Random random = new Random(SEED + 1);
		List<LayoutRequest.Item> items = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			LayoutRequest.Item item = item(random, i, i % 10 == 0 ? 0 : 1);
			items.add(new LayoutRequest.Item(i, item.fileId(), item.widthPx(), item.heightPx(), 40));
		}
		return items;
	}

	/** The default sheet: 23 × 215 in, 0.125 in spacing, no margin, rotation auto. */
	public static LayoutRequest request(List<LayoutRequest.Item> items) {
		return new LayoutRequest(23 * DPI, 215 * DPI, 50, 50, 0, LayoutRequest.Rotation.AUTO, 200, items);
	}

}

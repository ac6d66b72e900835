package dev.konfig.print.gang;

import java.util.List;
import java.util.UUID;

/**
 * What the engine lays out, in integer sheet pixels (GS-4): the sheet's width {@code W} and
 * longest length {@code L}, spacing between designs ({@code sw} across, {@code sh} along the roll),
 * the margin {@code m} at the sheet's edges, and the items with their copies.
 */
public record LayoutRequest(int widthPx, int maxLengthPx, int spacingX, int spacingY, int margin, Rotation rotation,
		int maxSheets, List<Item> items) {

	/** Which orientations a copy may take. */
	public enum Rotation {

		/** Either; the engine chooses per copy. */
		AUTO,
		/** Always turned 90° (the origin's behaviour). */
		ALWAYS,
		/** As designed. */
		NEVER;

		boolean allowsUpright() {
			return this != ALWAYS;
		}

		boolean allowsRotated() {
			return this != NEVER;
		}

	}

	/** An item's design at its size on the sheet (unrotated), and how many copies. */
	public record Item(int index, UUID fileId, int widthPx, int heightPx, int quantity) {
	}

	/** Width available to designs inside the margins. */
	int usableWidth() {
		return this.widthPx - 2 * this.margin;
	}

	/** Length available to designs inside the margins. */
	int usableLength() {
		return this.maxLengthPx - 2 * this.margin;
	}

	/** Whether a design of this size fits inside the margins as it is. */
	boolean fits(int width, int height) {
		return width <= usableWidth() && height <= usableLength();
	}

	int totalCopies() {
		int copies = 0;
		for (Item item : this.items) {
			copies += item.quantity();
		}
		return copies;
	}

}

package dev.konfig.print.gang;

import org.springframework.lang.Nullable;

/**
 * A layout that cannot be made without clipping (GS-5): a design too large for the sheet in every
 * allowed orientation (naming the item), or more sheets than allowed.
 */
public class LayoutRefusal extends RuntimeException {

	@Nullable
	private final Integer itemIndex;

	public LayoutRefusal(@Nullable Integer itemIndex, String message) {
		super(message);
		this.itemIndex = itemIndex;
	}

	/** The item at fault; null when the layout as a whole is refused. */
	@Nullable
	public Integer itemIndex() {
		return this.itemIndex;
	}

}

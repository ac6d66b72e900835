package dev.konfig.importer;

import java.io.PrintStream;

/**
 * A progress bar on the error stream for a long step ({@code configs [#####.....] 120/240}),
 * redrawn in place at most once per percent; printed only when there is something to count.
 */
public final class Progress {

	private static final int WIDTH = 30;

	private final PrintStream out;

	public Progress(PrintStream out) {
		this.out = out;
	}

	/** A bar for one step of {@code total} items. */
	public Step step(String label, int total) {
		return new Step(label, total);
	}

	public final class Step implements AutoCloseable {

		private final String label;

		private final int total;

		private int done;

		private int drawnPercent = -1;

		Step(String label, int total) {
			this.label = label;
			this.total = total;
			draw();
		}

		public void advance() {
			this.done++;
			draw();
		}

		private void draw() {
			if (this.total == 0) {
				return;
			}
			int percent = (int) (100L * this.done / this.total);
			if (percent == this.drawnPercent && this.done != this.total) {
				return;
			}
			this.drawnPercent = percent;
			int filled = (int) ((long) WIDTH * this.done / this.total);
			Progress.this.out.print("\r" + String.format("%-12s", this.label) + " [" + "#".repeat(filled)
					+ ".".repeat(WIDTH - filled) + "] " + this.done + "/" + this.total);
			Progress.this.out.flush();
		}

		@Override
		public void close() {
			if (this.total > 0) {
				Progress.this.out.println();
			}
		}

	}

}

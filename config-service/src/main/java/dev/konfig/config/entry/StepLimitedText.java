package dev.konfig.config.entry;

/**
 * Text that refuses to be read more than a fixed number of times. A pattern from a validation
 * schema runs on an event-loop thread; one that backtracks catastrophically reads the text
 * without end, and this turns that into a refusal instead of a stuck thread.
 */
final class StepLimitedText implements CharSequence {

	/** Thrown when the pattern has read the text more often than allowed. */
	static final class TooManyStepsException extends RuntimeException {

		TooManyStepsException() {
			super(null, null, false, false);
		}

	}

	private final CharSequence text;

	private final int[] remaining;

	StepLimitedText(CharSequence text, int maxSteps) {
		this(text, new int[] { maxSteps });
	}

	private StepLimitedText(CharSequence text, int[] remaining) {
		this.text = text;
		this.remaining = remaining;
	}

	@Override
	public char charAt(int index) {
		if (--this.remaining[0] < 0) {
			throw new TooManyStepsException();
		}
		return this.text.charAt(index);
	}

	@Override
	public int length() {
		return this.text.length();
	}

	@Override
	public CharSequence subSequence(int start, int end) {
		return new StepLimitedText(this.text.subSequence(start, end), this.remaining);
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

}

package dev.konfig.importer;

/** What the suite did with one item. */
public record Outcome(Result result, String reason) {

	public enum Result {

		IMPORTED, ALREADY_THERE, REFUSED

	}

	public static final Outcome IMPORTED = new Outcome(Result.IMPORTED, null);

	public static final Outcome ALREADY_THERE = new Outcome(Result.ALREADY_THERE, null);

	public static Outcome refused(String reason) {
		return new Outcome(Result.REFUSED, reason);
	}

	public boolean refused() {
		return this.result == Result.REFUSED;
	}

}

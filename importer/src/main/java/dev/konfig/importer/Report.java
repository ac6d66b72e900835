package dev.konfig.importer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did, per kind of item (in the order the kinds were first met): imported,
 * skipped as already there, refused with the reason, plus notes about what could not be
 * carried over at all. One format for every source.
 */
public final class Report {

	private final String source;

	private final boolean dryRun;

	private final Map<String, Counts> kinds = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	private String stopped;

	public Report(String source, boolean dryRun) {
		this.source = source;
		this.dryRun = dryRun;
	}

	/** The refusals of one kind, each naming the item and why. */
	public record Refusal(String item, String reason) {
	}

	public static final class Counts {

		private int imported;

		private int alreadyThere;

		private final List<Refusal> refused = new ArrayList<>();

		public int imported() {
			return this.imported;
		}

		public int alreadyThere() {
			return this.alreadyThere;
		}

		public List<Refusal> refused() {
			return List.copyOf(this.refused);
		}

	}

	/** Makes the kind appear in the report even when it has no items. */
	public void kind(String kind) {
		counts(kind);
	}

	public void record(String kind, String item, Outcome outcome) {
		Counts counts = counts(kind);
		switch (outcome.result()) {
			case IMPORTED -> counts.imported++;
			case ALREADY_THERE -> counts.alreadyThere++;
			case REFUSED -> counts.refused.add(new Refusal(item, outcome.reason()));
		}
	}

	public void refused(String kind, String item, String reason) {
		record(kind, item, Outcome.refused(reason));
	}

	public void note(String note) {
		this.notes.add(note);
	}

	void stopped(String reason) {
		this.stopped = reason;
	}

	public Counts counts(String kind) {
		return this.kinds.computeIfAbsent(kind, name -> new Counts());
	}

	public List<String> notes() {
		return List.copyOf(this.notes);
	}

	public boolean isStopped() {
		return this.stopped != null;
	}

	public int exitStatus() {
		if (this.stopped != null) {
			return 2;
		}
		return this.kinds.values().stream().anyMatch(counts -> !counts.refused.isEmpty()) ? 1 : 0;
	}

	public void print(PrintStream out) {
		out.println("Import from " + this.source + (this.dryRun ? " (dry run: nothing was written)" : ""));
		String imported = this.dryRun ? "would import" : "imported";
		out.println(String.format("%-16s %12s %15s %8s", "kind", imported, "already there", "refused"));
		this.kinds.forEach((kind, counts) -> out.println(String.format("%-16s %12d %15d %8d", kind, counts.imported,
				counts.alreadyThere, counts.refused.size())));
		this.kinds.forEach((kind, counts) -> counts.refused
			.forEach(refusal -> out.println("refused " + kind + " " + refusal.item() + ": " + refusal.reason())));
		this.notes.forEach(note -> out.println("note: " + note));
		if (this.stopped != null) {
			out.println("stopped: " + this.stopped);
			out.println("Nothing sent so far is lost or duplicated: run the same command again to go on.");
		}
	}

}

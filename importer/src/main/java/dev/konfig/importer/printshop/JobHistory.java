package dev.konfig.importer.printshop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A print job's state history, made of what the old system recorded: created (pending) at
 * {@code created_at}, processing from {@code started_at}, and the final state at
 * {@code completed_at} (or {@code updated_at}). A job the old system was printing has no agent
 * in the suite: it arrives held, its last step saying so. Times never go backwards.
 */
record JobHistory(String status, String reason, List<Map<String, Object>> entries) {

	static final String IMPORTED_WHILE_PROCESSING = "imported_while_processing";

	static JobHistory of(PrintshopTables.Job job, Instant now) {
		String legacy = job.status() == null ? "pending" : job.status();
		String status = switch (legacy) {
			case "pending", "queued", "new" -> "pending";
			case "held", "paused", "on_hold" -> "held";
			case "processing", "printing", "in_progress", "started" -> "processing";
			case "completed", "complete", "done", "printed" -> "completed";
			case "failed", "error" -> "failed";
			case "cancelled", "canceled" -> "cancelled";
			default -> throw new IllegalArgumentException(
					"its status '" + legacy + "' is not a print job state the suite knows");
		};
		Instant created = first(job.createdAt(), job.startedAt(), job.updatedAt(), now);
		Instant ended = first(job.completedAt(), job.updatedAt(), job.startedAt(), created);
		Builder history = new Builder();
		history.add(created, null, "pending", "created", null);
		switch (status) {
			case "held" -> history.add(first(job.updatedAt(), created), "pending", "held", "held", null);
			case "processing" -> {
				history.add(first(job.startedAt(), job.updatedAt(), created), "pending", "processing", "claimed", null);
				history.add(now, "processing", "held", IMPORTED_WHILE_PROCESSING,
						"The job was printing in the old system when it was imported; release it to print it again");
				status = "held";
			}
			case "completed", "failed" -> {
				if (job.startedAt() != null) {
					history.add(job.startedAt(), "pending", "processing", "claimed", null);
				}
				history.add(ended, history.last(), status, status,
						"failed".equals(status) ? job.errorMessage() : null);
			}
			case "cancelled" -> {
				if (job.startedAt() != null) {
					history.add(job.startedAt(), "pending", "processing", "claimed", null);
				}
				history.add(ended, history.last(), "cancelled", "cancelled", null);
			}
			default -> {
			}
		}
		String reason = IMPORTED_WHILE_PROCESSING.equals(history.lastReason()) ? IMPORTED_WHILE_PROCESSING : null;
		return new JobHistory(status, reason, history.entries);
	}

	private static Instant first(Instant... candidates) {
		for (Instant candidate : candidates) {
			if (candidate != null) {
				return candidate;
			}
		}
		return null;
	}

	private static final class Builder {

		private final List<Map<String, Object>> entries = new ArrayList<>();

		private Instant previous;

		private String lastStatus;

		private String lastReason;

		void add(Instant at, String from, String to, String reason, String message) {
			Instant when = (this.previous != null && at.isBefore(this.previous)) ? this.previous : at;
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("at", when.toString());
			if (from != null) {
				entry.put("from_status", from);
			}
			entry.put("to_status", to);
			entry.put("reason", reason);
			if (message != null) {
				entry.put("message", message.length() > 4000 ? message.substring(0, 4000) : message);
			}
			this.entries.add(entry);
			this.previous = when;
			this.lastStatus = to;
			this.lastReason = reason;
		}

		String last() {
			return this.lastStatus;
		}

		String lastReason() {
			return this.lastReason;
		}

	}

}

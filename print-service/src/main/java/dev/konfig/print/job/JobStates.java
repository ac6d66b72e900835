package dev.konfig.print.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PJ-3's table: which trigger moves a job from which state to which. Every pair not listed is
 * refused (409 with the current status); {@code completed} and {@code cancelled} are final.
 */
public final class JobStates {

	public static final String PENDING = "pending";

	public static final String HELD = "held";

	public static final String PROCESSING = "processing";

	public static final String COMPLETED = "completed";

	public static final String FAILED = "failed";

	public static final String CANCELLED = "cancelled";

	public static final List<String> ALL = List.of(PENDING, HELD, PROCESSING, COMPLETED, FAILED, CANCELLED);

	/** What can happen to a job. */
	public enum Trigger {

		HOLD("held"), RELEASE("released"), CLAIM("claimed"), PROGRESS(null), COMPLETE("completed"), FAIL("failed"),
		AGENT_RELEASE("requeued"), LEASE_EXPIRED_RETRY("requeued"), LEASE_EXPIRED_FINAL("failed"),
		CANCEL("cancelled"), RETRY("retried");

		private final String event;

		Trigger(String event) {
			this.event = event;
		}

		/** The audit event's type ({@code print_job.<event>}); null for what is not audited. */
		public String eventType() {
			return (this.event == null) ? null : "print_job." + this.event;
		}

	}

	private static final Map<Trigger, Map<String, String>> TABLE = Map.ofEntries(
			Map.entry(Trigger.HOLD, Map.of(PENDING, HELD)), Map.entry(Trigger.RELEASE, Map.of(HELD, PENDING)),
			Map.entry(Trigger.CLAIM, Map.of(PENDING, PROCESSING)),
			Map.entry(Trigger.PROGRESS, Map.of(PROCESSING, PROCESSING)),
			Map.entry(Trigger.COMPLETE, Map.of(PROCESSING, COMPLETED)),
			Map.entry(Trigger.FAIL, Map.of(PROCESSING, FAILED)),
			Map.entry(Trigger.AGENT_RELEASE, Map.of(PROCESSING, PENDING)),
			Map.entry(Trigger.LEASE_EXPIRED_RETRY, Map.of(PROCESSING, PENDING)),
			Map.entry(Trigger.LEASE_EXPIRED_FINAL, Map.of(PROCESSING, FAILED)),
			Map.entry(Trigger.CANCEL, Map.of(PENDING, CANCELLED, HELD, CANCELLED, PROCESSING, CANCELLED)),
			Map.entry(Trigger.RETRY, Map.of(FAILED, PENDING)));

	private JobStates() {
	}

	/** Where the trigger takes a job in this state; empty when it may not happen. */
	public static Optional<String> next(String from, Trigger trigger) {
		return Optional.ofNullable(TABLE.get(trigger).get(from));
	}

	/** The states the trigger applies to, for the conditional UPDATE's {@code status = ANY(...)}. */
	public static List<String> from(Trigger trigger) {
		return ALL.stream().filter(TABLE.get(trigger)::containsKey).toList();
	}

	/** The state the trigger leads to (every trigger has one target). */
	public static String target(Trigger trigger) {
		return TABLE.get(trigger).values().iterator().next();
	}

}

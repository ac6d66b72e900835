package dev.konfig.print.job;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** PJ-3: every state × trigger pair, the allowed ones with their target, every other refused. */
class JobStatesTests {

	@Test
	void everyPairOfStateAndTrigger() {
		Map<String, String> allowed = new LinkedHashMap<>();
		allowed.put("pending HOLD", "held");
		allowed.put("held RELEASE", "pending");
		allowed.put("pending CLAIM", "processing");
		allowed.put("processing PROGRESS", "processing");
		allowed.put("processing COMPLETE", "completed");
		allowed.put("processing FAIL", "failed");
		allowed.put("processing AGENT_RELEASE", "pending");
		allowed.put("processing LEASE_EXPIRED_RETRY", "pending");
		allowed.put("processing LEASE_EXPIRED_FINAL", "failed");
		allowed.put("pending CANCEL", "cancelled");
		allowed.put("held CANCEL", "cancelled");
		allowed.put("processing CANCEL", "cancelled");
		allowed.put("failed RETRY", "pending");
		int refused = 0;
		for (String state : JobStates.ALL) {
			for (JobStates.Trigger trigger : JobStates.Trigger.values()) {
				String expected = allowed.get(state + " " + trigger.name());
				assertThat(JobStates.next(state, trigger).orElse(null)).as(state + " " + trigger).isEqualTo(expected);
				if (expected == null) {
					refused++;
				}
			}
		}
		assertThat(refused).isEqualTo(JobStates.ALL.size() * JobStates.Trigger.values().length - allowed.size());
	}

	@Test
	void finalStatesAcceptNothing() {
		for (JobStates.Trigger trigger : JobStates.Trigger.values()) {
			assertThat(JobStates.next("completed", trigger)).isEmpty();
			assertThat(JobStates.next("cancelled", trigger)).isEmpty();
		}
	}

}

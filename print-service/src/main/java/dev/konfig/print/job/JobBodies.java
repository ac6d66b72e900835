package dev.konfig.print.job;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The shapes of the job bodies, for the API document only (read field by field). */
final class JobBodies {

	private JobBodies() {
	}

	record Create(String jobName, String jobType, UUID printerId, UUID shopId, String orderRef, List<UUID> fileIds,
			List<Map<String, Object>> items, Map<String, Object> printConfig, Integer priority, Boolean hold) {
	}

	record Update(String jobName, Integer priority, Map<String, Object> printConfig, UUID printerId, String orderRef) {
	}

}

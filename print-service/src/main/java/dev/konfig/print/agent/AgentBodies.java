package dev.konfig.print.agent;

import java.util.List;
import java.util.UUID;

/** The shapes of the agents' bodies, for the API document only (read field by field). */
final class AgentBodies {

	private AgentBodies() {
	}

	record Heartbeat(String name, String hostname, String version, List<UUID> printerIds) {
	}

	record Claim(List<UUID> printerIds, Integer waitSeconds) {
	}

	record Progress(UUID claimId, Integer progressPercentage, String estimatedCompletion, String message) {
	}

	record Complete(UUID claimId, List<UUID> outputFileIds) {
	}

	record Fail(UUID claimId, String errorMessage, String reason) {
	}

	record Release(UUID claimId, String reason) {
	}

	record Update(String name, Boolean enabled, List<UUID> allowedPrinterIds) {
	}

}

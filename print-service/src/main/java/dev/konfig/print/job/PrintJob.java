package dev.konfig.print.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.lang.Nullable;

/** A print job row (spec §3.1). {@code items} and {@code printConfig} are stored JSON as text. */
public record PrintJob(UUID id, UUID organizationId, String createdBy, String createdByType, String jobName,
		String jobType, String status, @Nullable String stateReason, int priority, @Nullable UUID printerId,
		@Nullable String printerName, @Nullable UUID shopId, @Nullable String orderRef, List<UUID> fileIds,
		@Nullable String items, String printConfig, int progressPercentage, @Nullable Instant estimatedCompletion,
		@Nullable Instant startedAt, @Nullable Instant completedAt, @Nullable String errorMessage, int retryCount,
		int attempt, List<UUID> outputFiles, @Nullable UUID layoutId, @Nullable UUID parentJobId,
		@Nullable UUID claimId, @Nullable String claimedBy, @Nullable String claimedByType,
		@Nullable Instant leaseExpiresAt, int version, Instant createdAt, Instant updatedAt) {

	public boolean open() {
		return JobStates.PENDING.equals(this.status) || JobStates.HELD.equals(this.status)
				|| JobStates.PROCESSING.equals(this.status);
	}

}

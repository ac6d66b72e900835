package dev.konfig.print.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.lang.Nullable;

import dev.konfig.print.system.JsonObjects;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job as users see it. The claim's fencing token is left out: it is the claimant's alone.
 * {@code estimated_completion} is the agent's, else PJ-7's extrapolation from the progress.
 */
record JobResponse(UUID id, UUID organizationId, String jobName, String jobType, String status,
		@Nullable String stateReason, int priority, @Nullable UUID printerId, @Nullable String printerName,
		@Nullable UUID shopId, @Nullable String orderRef, List<UUID> fileIds, @Nullable Object items, Object printConfig,
		int progressPercentage, @Nullable Instant estimatedCompletion, @Nullable Instant startedAt,
		@Nullable Instant completedAt, @Nullable String errorMessage, int retryCount, int attempt,
		List<UUID> outputFiles, @Nullable UUID layoutId, @Nullable UUID parentJobId, @Nullable String claimedBy,
		@Nullable Instant leaseExpiresAt, String createdBy, String createdByType, int version, Instant createdAt,
		Instant updatedAt) {

	static JobResponse of(PrintJob job, JsonMapper json) {
		return new JobResponse(job.id(), job.organizationId(), job.jobName(), job.jobType(), job.status(),
				job.stateReason(), job.priority(), job.printerId(), job.printerName(), job.shopId(), job.orderRef(),
				job.fileIds(), job.items() == null ? null : json.readValue(job.items(), Object.class),
				JsonObjects.plain(job.printConfig(), json), job.progressPercentage(), eta(job), job.startedAt(),
				job.completedAt(), job.errorMessage(), job.retryCount(), job.attempt(), job.outputFiles(),
				job.layoutId(), job.parentJobId(), job.claimedBy(), job.leaseExpiresAt(), job.createdBy(),
				job.createdByType(), job.version(), job.createdAt(), job.updatedAt());
	}

	/** PJ-7. */
	@Nullable
	static Instant eta(PrintJob job) {
		if (job.estimatedCompletion() != null || job.startedAt() == null || job.progressPercentage() < 5
				|| !JobStates.PROCESSING.equals(job.status())) {
			return job.estimatedCompletion();
		}
		long elapsed = Instant.now().toEpochMilli() - job.startedAt().toEpochMilli();
		return job.startedAt().plusMillis(elapsed * 100 / job.progressPercentage());
	}

}

package dev.konfig.print.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.print.system.PrintProblem;
import reactor.core.publisher.Mono;

/**
 * Carries out one PJ-3 transition with everything that belongs to it, inside the caller's
 * transaction: the conditional UPDATE, the history row (whose insert notifies every replica) and
 * the audit event. A job in another state is a 409 naming its status; an unknown job, or one of
 * another organization, a 404.
 */
@Component
public class JobTransitions {

	private final JobRepository jobs;

	private final Outbox outbox;

	JobTransitions(JobRepository jobs, Outbox outbox) {
		this.jobs = jobs;
		this.outbox = outbox;
	}

	/**
	 * @param claimId the claimant's fencing token; null for users and the service
	 * @param set the trigger's column changes (a fixed fragment, see {@link JobRepository#transition})
	 * @param reason the machine reason written to the history and the event
	 * @param actor who acts
	 */
	public Mono<PrintJob> apply(UUID organizationId, UUID id, JobStates.Trigger trigger, @Nullable UUID claimId,
			String set, Map<String, Object> values, @Nullable String reason, @Nullable String message,
			AuditEvent.Actor actor) {
		return this.jobs
			.transition(organizationId, id, JobStates.from(trigger), JobStates.target(trigger), claimId, set, values)
			.switchIfEmpty(Mono.defer(() -> refusal(organizationId, id, trigger, claimId)))
			.flatMap(done -> recorded(done.job(), done.fromStatus(), trigger, reason, message, actor));
	}

	/** The history row and the event of a transition already written. */
	public Mono<PrintJob> recorded(PrintJob job, @Nullable String from, JobStates.Trigger trigger,
			@Nullable String reason, @Nullable String message, AuditEvent.Actor actor) {
		Mono<Long> history = this.jobs.appendHistory(job, from, reason, message, actor);
		String type = trigger.eventType();
		if (type == null) {
			return history.thenReturn(job);
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("from_status", from);
		data.put("to_status", job.status());
		data.put("reason", reason);
		data.put("attempt", job.attempt());
		data.put("claimed_by", job.claimedBy());
		boolean failed = JobStates.FAILED.equals(job.status());
		if (failed) {
			data.put("error_message", job.errorMessage());
		}
		AuditEvent event = AuditEvent
			.of(job.organizationId(), type, "print_job", job.id(), failed ? AuditEvent.FAILURE : AuditEvent.SUCCESS, data)
			.withActor(actor);
		return history.then(this.outbox.appendFromRequest(event)).thenReturn(job);
	}

	private Mono<JobRepository.Transitioned> refusal(UUID organizationId, UUID id, JobStates.Trigger trigger,
			@Nullable UUID claimId) {
		return this.jobs.find(organizationId, id)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("The print job was not found")))
			.flatMap(job -> {
				if (claimId != null && JobStates.PROCESSING.equals(job.status()) && !claimId.equals(job.claimId())) {
					return Mono.error(PrintProblem.conflict("The claim is no longer this job's current claim; stop "
							+ "printing it", Map.of("status", job.status(), "reason", "claim-superseded")));
				}
				if (claimId != null) {
					Map<String, Object> properties = new LinkedHashMap<>();
					properties.put("status", job.status());
					properties.put("reason", job.stateReason() == null ? "not-processing" : job.stateReason());
					return Mono.error(PrintProblem.conflict("The job is " + job.status() + "; stop printing it",
							properties));
				}
				return Mono.error(PrintProblem.wrongState(verb(trigger), job.status()));
			});
	}

	private static String verb(JobStates.Trigger trigger) {
		return switch (trigger) {
			case HOLD -> "held";
			case RELEASE -> "released";
			case CANCEL -> "cancelled";
			case RETRY -> "retried (only failed jobs are)";
			default -> "changed this way";
		};
	}

}

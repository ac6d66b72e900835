package dev.konfig.print.agent;

import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.print.job.JobStates;
import dev.konfig.print.job.JobTransitions;
import dev.konfig.print.system.Actors;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * AG-8: jobs whose agent went silent past the lease go back to the queue (position unchanged),
 * or fail once they used every attempt. Every replica sweeps; {@code SKIP LOCKED} shares the
 * expired jobs out, and the rows are read whole before any is changed on the connection.
 */
@Component
public class LeaseSweeper {

	private static final Logger log = LoggerFactory.getLogger(LeaseSweeper.class);

	private static final int BATCH = 100;

	private final DatabaseClient db;

	private final JobTransitions transitions;

	private final PrintProperties properties;

	private final TransactionalOperator transaction;

	LeaseSweeper(DatabaseClient db, JobTransitions transitions, PrintProperties properties,
			TransactionalOperator transaction) {
		this.db = db;
		this.transitions = transitions;
		this.properties = properties;
		this.transaction = transaction;
	}

	/** Reactive: Spring subscribes to the Mono; a failed sweep is logged and runs again later. */
	@Scheduled(initialDelayString = "${konfig.print.lease-sweep-interval:5s}",
			fixedDelayString = "${konfig.print.lease-sweep-interval:5s}")
	Mono<Void> sweepOnSchedule() {
		return sweep().doOnNext(swept -> {
			if (swept > 0) {
				log.info("Requeued or failed {} print jobs whose lease ran out", swept);
			}
		}).onErrorResume(ex -> {
			log.warn("Lease sweep failed; it runs again later: {}", ex.toString());
			return Mono.empty();
		}).then();
	}

	/** One batch of expired leases; the number of jobs handled. */
	public Mono<Integer> sweep() {
		return this.transaction.transactional(this.db
			.sql("SELECT id, organization_id, attempt FROM print_jobs WHERE status = 'processing' "
					+ "AND lease_expires_at < now() ORDER BY lease_expires_at LIMIT :batch FOR UPDATE SKIP LOCKED")
			.bind("batch", BATCH)
			.map(row -> new Object[] { row.get("id", UUID.class), row.get("organization_id", UUID.class),
					row.get("attempt", Integer.class) })
			.all()
			.collectList()
			.flatMap(expired -> Flux.fromIterable(expired).concatMap(this::expire).then(Mono.just(expired.size()))));
	}

	private Mono<Void> expire(Object[] job) {
		boolean last = (Integer) job[2] >= this.properties.maxAttempts();
		JobStates.Trigger trigger = last ? JobStates.Trigger.LEASE_EXPIRED_FINAL : JobStates.Trigger.LEASE_EXPIRED_RETRY;
		String set = last ? "state_reason = 'agent-lost', error_message = :message, completed_at = now(), "
				+ "lease_expires_at = NULL" : AgentService.REQUEUE;
		Map<String, Object> values = last
				? Map.of("message", "The print agent stopped reporting on " + this.properties.maxAttempts() + " attempts")
				: Map.of("reason", "agent-lost");
		return this.transitions
			.apply((UUID) job[1], (UUID) job[0], trigger, null, set, values, "agent-lost", null, Actors.SELF)
			.then();
	}


}

package dev.konfig.print.agent;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.print.job.JobRepository;
import dev.konfig.print.job.PrintJob;
import reactor.core.publisher.Mono;

/**
 * AG-3's one statement: the next pending {@code print_files} job of the agent's printers (active,
 * not paused), in priority then FIFO order, taken with {@code FOR UPDATE SKIP LOCKED} so
 * concurrent claimants never wait for each other and never get the same job.
 */
@Component
public class ClaimStatement {

	/** The statement with its parameters, also what the bench runs through pgbench. */
	public static final String SQL = "UPDATE print_jobs j SET status = 'processing', claim_id = :claim, "
			+ "claimed_by = :agent, claimed_by_type = 'api_key', attempt = j.attempt + 1, started_at = now(), "
			+ "lease_expires_at = now() + make_interval(secs => :lease), state_reason = NULL, progress_percentage = 0, "
			+ "estimated_completion = NULL, version = j.version + 1, updated_at = now() "
			+ "FROM (SELECT c.id FROM print_jobs c JOIN printers p ON p.id = c.printer_id "
			+ "WHERE c.organization_id = :org AND c.status = 'pending' AND c.job_type = 'print_files' "
			+ "AND p.is_active AND NOT p.paused %s "
			+ "ORDER BY c.priority DESC, c.created_at, c.id LIMIT 1 FOR UPDATE OF c SKIP LOCKED) next "
			+ "WHERE j.id = next.id RETURNING ";

	private final DatabaseClient db;

	ClaimStatement(DatabaseClient db) {
		this.db = db;
	}

	/** The claimed job; empty when nothing is claimable. {@code printers} null means every printer. */
	Mono<PrintJob> claim(UUID organizationId, String agentKeyId, @Nullable List<UUID> printers, Duration lease) {
		String sql = String.format(SQL, printers == null ? "" : "AND c.printer_id = ANY(:printers)")
				+ JobRepository.J_COLUMNS;
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql)
			.bind("claim", UUID.randomUUID())
			.bind("agent", agentKeyId)
			.bind("lease", (double) lease.toMillis() / 1000)
			.bind("org", organizationId);
		if (printers != null) {
			spec = spec.bind("printers", printers.toArray(UUID[]::new));
		}
		return spec.map(JobRepository::job).one();
	}

}

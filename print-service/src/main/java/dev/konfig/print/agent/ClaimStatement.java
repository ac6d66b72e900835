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

	/**
	 * The statement for a claimant type ({@code %1$s}), a scope ({@code %2$s}: the organization for
	 * agents, every organization for the renderer) and a job type ({@code %3$s}); {@code %4$s} is
	 * left for the printer filter.
	 */
	private static final String TEMPLATE = "UPDATE print_jobs j SET status = 'processing', claim_id = :claim, "
			+ "claimed_by = :agent, claimed_by_type = '%1$s', attempt = j.attempt + 1, started_at = now(), "
			+ "lease_expires_at = now() + make_interval(secs => :lease), state_reason = NULL, progress_percentage = 0, "
			+ "estimated_completion = NULL, version = j.version + 1, updated_at = now() "
			+ "FROM (SELECT c.id FROM print_jobs c JOIN printers p ON p.id = c.printer_id "
			+ "WHERE %2$s c.status = 'pending' AND c.job_type = '%3$s' "
			+ "AND p.is_active AND NOT p.paused %4$s "
			+ "ORDER BY c.priority DESC, c.created_at, c.id LIMIT 1 FOR UPDATE OF c SKIP LOCKED) next "
			+ "WHERE j.id = next.id RETURNING ";

	/** The agents' statement with its parameters, also what the bench runs through pgbench. */
	public static final String SQL = String.format(TEMPLATE, "api_key", "c.organization_id = :org AND", "print_files",
			"%s");

	/** RN-1: the renderer's statement, any organization's next {@code gang_sheets} job. */
	static final String RENDER_SQL = String.format(TEMPLATE, "service", "", "gang_sheets", "") + JobRepository.J_COLUMNS;

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

	/** The next gang-sheet job of any organization for this renderer replica; empty when none. */
	public Mono<PrintJob> claimGangSheet(String replica, Duration lease) {
		return this.db.sql(RENDER_SQL)
			.bind("claim", UUID.randomUUID())
			.bind("agent", replica)
			.bind("lease", (double) lease.toMillis() / 1000)
			.map(JobRepository::job)
			.one();
	}

}

package dev.konfig.print.job;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import dev.konfig.platform.outbox.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over {@code print_jobs} and its append-only {@code print_job_history}. */
@Repository
public class JobRepository {

	static final String COLUMN_LIST = "id, organization_id, created_by, created_by_type, job_name, job_type, status, "
			+ "state_reason, priority, printer_id, printer_name, shop_id, order_ref, file_ids, items, print_config, "
			+ "progress_percentage, estimated_completion, started_at, completed_at, error_message, retry_count, attempt, "
			+ "output_files, layout_id, parent_job_id, claim_id, claimed_by, claimed_by_type, lease_expires_at, version, "
			+ "created_at, updated_at";

	static final String COLUMNS = COLUMN_LIST;

	/** The columns qualified by the alias {@code j}, for statements that join. */
	public static final String J_COLUMNS = "j." + COLUMN_LIST.replace(", ", ", j.");

	private final DatabaseClient db;

	JobRepository(DatabaseClient db) {
		this.db = db;
	}

	public Mono<PrintJob> insert(PrintJob job) {
		return this.db.sql("INSERT INTO print_jobs (id, organization_id, created_by, created_by_type, job_name, job_type, "
				+ "status, state_reason, priority, printer_id, printer_name, shop_id, order_ref, file_ids, print_config, "
				+ "items, layout_id, parent_job_id, created_at) VALUES (:id, :org, :createdBy, :createdByType, :name, :type, "
				+ ":status, :reason, :priority, :printer, :printerName, :shop, :orderRef, :files, CAST(:config AS jsonb), "
				+ "CAST(:items AS jsonb), :layout, :parent, :createdAt) RETURNING "
				+ COLUMNS)
			.bind("id", job.id())
			.bind("org", job.organizationId())
			.bind("createdBy", job.createdBy())
			.bind("createdByType", job.createdByType())
			.bind("name", job.jobName())
			.bind("type", job.jobType())
			.bind("status", job.status())
			.bind("reason", Parameter.fromOrEmpty(job.stateReason(), String.class))
			.bind("priority", (short) job.priority())
			.bind("printer", Parameter.fromOrEmpty(job.printerId(), UUID.class))
			.bind("printerName", Parameter.fromOrEmpty(job.printerName(), String.class))
			.bind("shop", Parameter.fromOrEmpty(job.shopId(), UUID.class))
			.bind("orderRef", Parameter.fromOrEmpty(job.orderRef(), String.class))
			.bind("files", job.fileIds().toArray(UUID[]::new))
			.bind("config", job.printConfig())
			.bind("items", Parameter.fromOrEmpty(job.items(), String.class))
			.bind("layout", Parameter.fromOrEmpty(job.layoutId(), UUID.class))
			.bind("parent", Parameter.fromOrEmpty(job.parentJobId(), UUID.class))
			.bind("createdAt", job.createdAt())
			.map(JobRepository::job)
			.one();
	}

	public Mono<PrintJob> find(UUID organizationId, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM print_jobs WHERE id = :id AND organization_id = :org")
			.bind("id", id)
			.bind("org", organizationId)
			.map(JobRepository::job)
			.one();
	}

	Mono<Long> openJobs(UUID organizationId) {
		return this.db
			.sql("SELECT count(*) AS n FROM print_jobs WHERE organization_id = :org AND status IN ('pending', 'held')")
			.bind("org", organizationId)
			.map(row -> row.get("n", Long.class))
			.one();
	}

	/**
	 * One transition (PJ-3): a conditional UPDATE that applies only while the job is in one of
	 * {@code from} (and, for a claimant, holds {@code claimId}), so of two concurrent transitions
	 * only one can win. Empty when the job is elsewhere. {@code set} is a fixed SQL fragment of
	 * this package (never caller input) whose parameters are {@code values}.
	 */
	public Mono<Transitioned> transition(UUID organizationId, UUID id, List<String> from, String to,
			@Nullable UUID claimId, String set, Map<String, Object> values) {
		String sql = "UPDATE print_jobs j SET status = :to, " + set + ", version = j.version + 1, updated_at = now() "
				+ "FROM (SELECT id, status AS old_status FROM print_jobs WHERE id = :id AND organization_id = :org "
				+ "FOR UPDATE) o WHERE j.id = o.id AND j.status = ANY(:from)"
				+ (claimId != null ? " AND j.claim_id = :claim" : "") + " RETURNING o.old_status, " + J_COLUMNS;
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql)
			.bind("to", to)
			.bind("id", id)
			.bind("org", organizationId)
			.bind("from", from.toArray(String[]::new))
			.bindValues(values);
		if (claimId != null) {
			spec = spec.bind("claim", claimId);
		}
		return spec.map(row -> new Transitioned(row.get("old_status", String.class), job(row))).one();
	}

	/** A job after a transition, with the state it left. */
	public record Transitioned(String fromStatus, PrintJob job) {
	}

	/**
	 * Appends the transition's history row (seq is the job's next; the job's row lock, held by the
	 * transition, orders them) and returns its global id.
	 */
	public Mono<Long> appendHistory(PrintJob job, @Nullable String from, @Nullable String reason,
			@Nullable String message, AuditEvent.Actor actor) {
		return this.db.sql("INSERT INTO print_job_history (job_id, organization_id, seq, from_status, to_status, reason, "
				+ "message, attempt, progress_percentage, actor_id, actor_type) VALUES (:job, :org, "
				+ "(SELECT COALESCE(max(seq), 0) + 1 FROM print_job_history WHERE job_id = :job), :from, :to, :reason, "
				+ ":message, :attempt, :progress, :actorId, :actorType) RETURNING id")
			.bind("job", job.id())
			.bind("org", job.organizationId())
			.bind("from", Parameter.fromOrEmpty(from, String.class))
			.bind("to", job.status())
			.bind("reason", Parameter.fromOrEmpty(reason, String.class))
			.bind("message", Parameter.fromOrEmpty(message, String.class))
			.bind("attempt", job.attempt())
			.bind("progress", (short) job.progressPercentage())
			.bind("actorId", actor.id())
			.bind("actorType", actor.type())
			.map(row -> row.get("id", Long.class))
			.one();
	}

	/** The job's history, oldest first. */
	Flux<Map<String, Object>> history(UUID organizationId, UUID jobId) {
		return this.db
			.sql("SELECT " + HISTORY_COLUMNS + " FROM print_job_history WHERE job_id = :job AND organization_id = :org "
					+ "ORDER BY seq")
			.bind("job", jobId)
			.bind("org", organizationId)
			.map(JobRepository::historyRow)
			.all();
	}

	/** History rows of the organization after a global id (the event stream's replay). */
	Flux<Map<String, Object>> historyAfter(UUID organizationId, long afterId, int limit) {
		return this.db
			.sql("SELECT " + HISTORY_COLUMNS + " FROM print_job_history WHERE organization_id = :org AND id > :after "
					+ "ORDER BY id LIMIT :limit")
			.bind("org", organizationId)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(JobRepository::historyRow)
			.all();
	}

	/** The organization's newest history id (where a fresh stream starts). */
	Mono<Long> lastHistoryId(UUID organizationId) {
		return this.db.sql("SELECT COALESCE(max(id), 0) AS id FROM print_job_history WHERE organization_id = :org")
			.bind("org", organizationId)
			.map(row -> row.get("id", Long.class))
			.one();
	}

	static final String HISTORY_COLUMNS = "id, job_id, seq, at, from_status, to_status, reason, message, attempt, "
			+ "progress_percentage, actor_id, actor_type";

	private static Map<String, Object> historyRow(Readable row) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", row.get("id", Long.class));
		item.put("job_id", row.get("job_id", UUID.class));
		item.put("seq", row.get("seq", Integer.class));
		item.put("at", row.get("at", Instant.class));
		item.put("from_status", row.get("from_status", String.class));
		item.put("to_status", row.get("to_status", String.class));
		item.put("reason", row.get("reason", String.class));
		item.put("message", row.get("message", String.class));
		item.put("attempt", row.get("attempt", Integer.class));
		item.put("progress_percentage", row.get("progress_percentage", Short.class));
		item.put("actor", Map.of("id", String.valueOf(row.get("actor_id", String.class)), "type",
				String.valueOf(row.get("actor_type", String.class))));
		return item;
	}

	public static PrintJob job(Readable row) {
		Json items = row.get("items", Json.class);
		Json config = row.get("print_config", Json.class);
		return new PrintJob(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("created_by", String.class), row.get("created_by_type", String.class),
				row.get("job_name", String.class), row.get("job_type", String.class), row.get("status", String.class),
				row.get("state_reason", String.class), row.get("priority", Short.class), row.get("printer_id", UUID.class),
				row.get("printer_name", String.class), row.get("shop_id", UUID.class), row.get("order_ref", String.class),
				ids(row.get("file_ids", UUID[].class)), items == null ? null : items.asString(),
				config == null ? "{}" : config.asString(), row.get("progress_percentage", Short.class),
				row.get("estimated_completion", Instant.class), row.get("started_at", Instant.class),
				row.get("completed_at", Instant.class), row.get("error_message", String.class),
				row.get("retry_count", Integer.class), row.get("attempt", Integer.class),
				ids(row.get("output_files", UUID[].class)), row.get("layout_id", UUID.class),
				row.get("parent_job_id", UUID.class), row.get("claim_id", UUID.class),
				row.get("claimed_by", String.class), row.get("claimed_by_type", String.class),
				row.get("lease_expires_at", Instant.class), row.get("version", Integer.class),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class));
	}

	private static List<UUID> ids(@Nullable UUID[] ids) {
		return (ids == null) ? List.of() : Arrays.asList(ids);
	}

}

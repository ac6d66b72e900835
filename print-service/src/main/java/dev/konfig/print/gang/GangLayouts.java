package dev.konfig.print.gang;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * GS-10: the persisted layouts, written once in the job's creating transaction with the event
 * {@code gang_sheet.layout_created}, read by id or by job.
 */
@Component
public class GangLayouts {

	private final DatabaseClient db;

	private final Outbox outbox;

	private final JsonMapper json;

	GangLayouts(DatabaseClient db, Outbox outbox, JsonMapper json) {
		this.db = db;
		this.outbox = outbox;
		this.json = json;
	}

	/** Stores the plan as the job's layout, inside the caller's transaction. */
	public Mono<Void> store(UUID organizationId, UUID jobId, UUID layoutId, GangPlanner.Plan plan) {
		return this.db
			.sql("INSERT INTO gang_sheet_layouts (id, organization_id, job_id, params, layout, sheets, total_copies, "
					+ "utilization) VALUES (:id, :org, :job, CAST(:params AS jsonb), CAST(:layout AS jsonb), :sheets, "
					+ ":copies, :utilization)")
			.bind("id", layoutId)
			.bind("org", organizationId)
			.bind("job", jobId)
			.bind("params", this.json.writeValueAsString(plan.params()))
			.bind("layout", this.json.writeValueAsString(plan.answer()))
			.bind("sheets", plan.layout().sheets().size())
			.bind("copies", plan.layout().totalCopies())
			.bind("utilization", BigDecimal.valueOf(plan.layout().utilization()))
			.then()
			.then(Mono.defer(() -> {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("job_id", jobId);
				data.put("sheets", plan.layout().sheets().size());
				data.put("total_copies", plan.layout().totalCopies());
				data.put("utilization", plan.layout().utilization());
				data.put("warnings", plan.warnings());
				data.put("algorithm", plan.params().get("algorithm"));
				return this.outbox.appendFromRequest(AuditEvent.of(organizationId, "gang_sheet.layout_created",
						"gang_sheet_layout", layoutId, AuditEvent.SUCCESS, data));
			}));
	}

	/** The layout as the API answers it; empty when it is not the organization's. */
	public Mono<Map<String, Object>> find(UUID organizationId, UUID id) {
		return read("id = :id", organizationId, id);
	}

	/** The layout of a job; empty when the job has none. */
	public Mono<Map<String, Object>> forJob(UUID organizationId, UUID jobId) {
		return read("job_id = :id", organizationId, jobId);
	}

	@SuppressWarnings("unchecked")
	private Mono<Map<String, Object>> read(String where, UUID organizationId, UUID id) {
		return this.db
			.sql("SELECT id, job_id, layout, created_at FROM gang_sheet_layouts WHERE organization_id = :org AND " + where
					+ " ORDER BY created_at DESC LIMIT 1")
			.bind("org", organizationId)
			.bind("id", id)
			.map(row -> {
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("layout_id", row.get("id", UUID.class));
				answer.put("job_id", row.get("job_id", UUID.class));
				answer.putAll(this.json.readValue(row.get("layout", Json.class).asString(), Map.class));
				answer.put("created_at", row.get("created_at", Instant.class));
				return answer;
			})
			.one();
	}

}

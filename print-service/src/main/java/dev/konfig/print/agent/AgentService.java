package dev.konfig.print.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.outbox.PostgresNotifications;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PrincipalType;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.print.job.JobRepository;
import dev.konfig.print.job.JobStates;
import dev.konfig.print.job.JobTransitions;
import dev.konfig.print.job.PrintJob;
import dev.konfig.print.peer.Peers;
import dev.konfig.print.system.Actors;
import dev.konfig.print.system.JsonBody;
import dev.konfig.print.system.PrintProblem;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent side of print jobs (spec §4): heartbeat, claims (optionally waiting, woken by the
 * notifications of new pending jobs), fenced reports and file content. Every report names the
 * claim it belongs to; a report on a claim that is no longer current is a 409 and changes nothing.
 */
@Service
class AgentService {

	static final String CHANNEL = "print_jobs";

	private static final Pattern REASON = Pattern.compile("[a-z0-9-]{1,64}");

	private static final int MAX_FILE_MISSES = 10;

	private final AgentRepository agents;

	private final ClaimStatement claims;

	private final JobRepository jobs;

	private final JobTransitions transitions;

	private final Peers peers;

	private final PostgresNotifications notifications;

	private final PrintProperties properties;

	private final Outbox outbox;

	private final TransactionalOperator transaction;

	private final DatabaseClient db;

	private final JsonMapper json;

	AgentService(AgentRepository agents, ClaimStatement claims, JobRepository jobs, JobTransitions transitions,
			Peers peers, PostgresNotifications notifications, PrintProperties properties, Outbox outbox,
			TransactionalOperator transaction, DatabaseClient db, JsonMapper json) {
		this.agents = agents;
		this.claims = claims;
		this.jobs = jobs;
		this.transitions = transitions;
		this.peers = peers;
		this.notifications = notifications;
		this.properties = properties;
		this.outbox = outbox;
		this.transaction = transaction;
		this.db = db;
		this.json = json;
	}

	/** AG-2. */
	Mono<Map<String, Object>> heartbeat(KonfigPrincipal principal, JsonNode request) {
		return Mono.fromCallable(() -> {
			requireKey(principal);
			JsonBody body = JsonBody.of(request, Set.of("name", "hostname", "version", "printer_ids"));
			String name = body.text("name", 1, 100, true);
			String hostname = body.text("hostname", 0, 255, false);
			String version = body.text("version", 0, 64, false);
			List<UUID> printers = body.uuids("printer_ids", 0, 100, false);
			body.check();
			return new Object[] { name, hostname, version, printers };
		}).flatMap(fields -> this.transaction.transactional(this.agents
			.upsert(principal.requireOrganization(), principal.subject(), (String) fields[0], (String) fields[1],
					(String) fields[2], castIds(fields[3]), true)
			.flatMap(registered -> registered.created()
					? record(registered.agent(), "print_agent.registered").thenReturn(registered.agent())
					: Mono.just(registered.agent()))))
			.map(agent -> {
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("agent_id", agent.id());
				answer.put("enabled", agent.enabled());
				answer.put("allowed_printer_ids", agent.allowedPrinterIds());
				answer.put("lease_seconds", this.properties.agentLease().toSeconds());
				answer.put("poll_interval_seconds", this.properties.agentPollInterval().toSeconds());
				answer.put("server_time", Instant.now());
				return answer;
			});
	}

	@SuppressWarnings("unchecked")
	private static List<UUID> castIds(Object ids) {
		return (List<UUID>) ids;
	}

	/** AG-3: the claimed job with its files, or empty (204) when nothing is claimable in time. */
	Mono<Map<String, Object>> claim(KonfigPrincipal principal, JsonNode request) {
		return Mono.fromCallable(() -> {
			requireKey(principal);
			JsonBody body = JsonBody.of(request, Set.of("printer_ids", "wait_seconds"));
			List<UUID> printers = body.uuids("printer_ids", 1, 100, false);
			int maxWait = (int) this.properties.claimMaxWait().toSeconds();
			Integer wait = body.present("wait_seconds") ? body.integer("wait_seconds", 0, maxWait, true)
					: Integer.valueOf(0);
			body.check();
			return new ClaimRequest(printers, wait);
		})
			.flatMap(asked -> registered(principal).flatMap(agent -> printersFor(agent, asked.printers())
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap(printers -> waitForClaim(agent, printers.orElse(null), asked.waitSeconds()))))
			.flatMap(job -> answer(job, 0));
	}

	private record ClaimRequest(@Nullable List<UUID> printers, int waitSeconds) {
	}

	/** The agent, registered on its first call; a disabled agent is refused. */
	private Mono<Agent> registered(KonfigPrincipal principal) {
		return this.agents
			.upsert(principal.requireOrganization(), principal.subject(),
					"agent " + principal.subject().substring(0, Math.min(8, principal.subject().length())), null, null,
					null, false)
			.flatMap(registered -> {
				Mono<Agent> agent = registered.created()
						? record(registered.agent(), "print_agent.registered").thenReturn(registered.agent())
						: Mono.just(registered.agent());
				return agent.flatMap(found -> found.enabled() ? Mono.just(found)
						: Mono.error(new ForbiddenException("This print agent is disabled")));
			})
			.as(this.transaction::transactional);
	}

	/**
	 * The printers to claim for: the request's (each must be allowed and the organization's, else
	 * 422) or the agent's allowed set; empty means every printer.
	 */
	private Mono<List<UUID>> printersFor(Agent agent, @Nullable List<UUID> requested) {
		if (requested == null) {
			return Mono.justOrEmpty(agent.allowedPrinterIds());
		}
		for (int i = 0; i < requested.size(); i++) {
			if (agent.allowedPrinterIds() != null && !agent.allowedPrinterIds().contains(requested.get(i))) {
				return Mono.error(PrintProblem.unprocessable("printer_ids[" + i + "]",
						"is not a printer this agent may print on"));
			}
		}
		return this.agents.printersOf(agent.organizationId(), requested)
			.flatMap(count -> (count == requested.size()) ? Mono.just(requested)
					: Mono.error(PrintProblem.unprocessable("printer_ids", "names a printer the organization does not have")));
	}

	/**
	 * Claims at once, else after each notification of a job turning pending in the organization
	 * (or a listener reconnect), until the wait is over. The listener is subscribed before the
	 * first attempt, so a job queued during it is not missed.
	 */
	private Mono<PrintJob> waitForClaim(Agent agent, @Nullable List<UUID> printers, int waitSeconds) {
		Mono<Optional<PrintJob>> attempt = Mono.defer(() -> claimOnce(agent, printers))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
		if (waitSeconds == 0) {
			return attempt.flatMap(Mono::justOrEmpty);
		}
		String organization = agent.organizationId().toString();
		return this.notifications.listen(CHANNEL)
			.filter(notification -> notification.isReconnect() || (notification.payload() != null
					&& notification.payload().contains(organization)
					&& notification.payload().contains("\"to_status\" : \"pending\"")))
			.map(notification -> 1)
			.startWith(1)
			.onBackpressureLatest()
			.concatMap(tick -> attempt, 1)
			.filter(Optional::isPresent)
			.next()
			.map(Optional::get)
			.timeout(Duration.ofSeconds(waitSeconds))
			.onErrorResume(TimeoutException.class, ex -> Mono.empty());
	}

	/**
	 * One claim in its own transaction, with its history row and event. A job whose file has gone
	 * is failed ({@code file-missing}) and the next one is tried.
	 */
	private Mono<PrintJob> claimOnce(Agent agent, @Nullable List<UUID> printers) {
		AuditEvent.Actor actor = new AuditEvent.Actor(agent.apiKeyId(), "api_key");
		return this.transaction.transactional(
				this.claims.claim(agent.organizationId(), agent.apiKeyId(), printers, this.properties.agentLease())
					.flatMap(job -> this.transitions.recorded(job, JobStates.PENDING, JobStates.Trigger.CLAIM, "claimed",
							null, actor)));
	}

	/** The claim's answer with the files' facts; a missing file fails the job and claims again. */
	private Mono<Map<String, Object>> answer(PrintJob job, int misses) {
		List<UUID> ids = job.fileIds();
		return reactor.core.publisher.Flux.fromIterable(ids)
			.concatMap(id -> this.peers.file(job.organizationId(), id)
				.map(file -> Optional.of(file))
				.defaultIfEmpty(Optional.empty())
				.onErrorResume(ex -> Mono.just(Optional.empty()))
				.map(found -> Map.entry(id, found)))
			.collectList()
			.flatMap(found -> {
				List<Map<String, Object>> files = new ArrayList<>();
				for (Map.Entry<UUID, Optional<JsonNode>> entry : found) {
					if (entry.getValue().isEmpty()) {
						return missing(job, entry.getKey(), misses);
					}
					files.add(file(job, entry.getKey(), entry.getValue().get()));
				}
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("claim_id", job.claimId());
				answer.put("lease_expires_at", job.leaseExpiresAt());
				answer.put("lease_seconds", this.properties.agentLease().toSeconds());
				answer.put("job", agentView(job));
				answer.put("files", files);
				return Mono.just(answer);
			});
	}

	private Mono<Map<String, Object>> missing(PrintJob job, UUID file, int misses) {
		AuditEvent.Actor actor = Actors.SELF;
		Map<String, Object> values = Map.of("message", "File " + file + " is missing");
		return this.transaction
			.transactional(this.transitions.apply(job.organizationId(), job.id(), JobStates.Trigger.FAIL, job.claimId(),
					"error_message = :message, state_reason = 'file-missing', completed_at = now(), lease_expires_at = NULL",
					values, "file-missing", "File " + file + " is missing", actor))
			.then(misses + 1 >= MAX_FILE_MISSES ? Mono.empty()
					: claimAgain(job, misses + 1));
	}

	private Mono<Map<String, Object>> claimAgain(PrintJob failed, int misses) {
		return this.agents.upsert(failed.organizationId(), failed.claimedBy(), "agent", null, null, null, false)
			.flatMap(registered -> claimOnce(registered.agent(), registered.agent().allowedPrinterIds()))
			.flatMap(job -> answer(job, misses));
	}

	private Map<String, Object> file(PrintJob job, UUID id, JsonNode file) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("file_id", id);
		item.put("filename", file.path("filename").asString(null));
		item.put("file_size", file.path("file_size").isNumber() ? file.path("file_size").longValue() : null);
		item.put("sha256", file.path("sha256").asString(null));
		item.put("mime_type", file.path("mime_type").asString(null));
		item.put("image", file.path("image").isObject() ? this.json.convertValue(file.path("image"), Map.class) : null);
		item.put("content_path", "/api/v1/print-agent/jobs/" + job.id() + "/files/" + id);
		return item;
	}

	/** The job as its agent needs it. */
	private Map<String, Object> agentView(PrintJob job) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", job.id());
		view.put("job_name", job.jobName());
		view.put("job_type", job.jobType());
		view.put("status", job.status());
		view.put("priority", job.priority());
		view.put("printer_id", job.printerId());
		view.put("printer_name", job.printerName());
		view.put("order_ref", job.orderRef());
		view.put("file_ids", job.fileIds());
		view.put("print_config", this.json.readValue(job.printConfig(), Map.class));
		view.put("attempt", job.attempt());
		view.put("created_at", job.createdAt());
		return view;
	}

	/** AG-6: progress never goes down; the row is written at most once a second, the stream hears every report. */
	Mono<Map<String, Object>> progress(KonfigPrincipal principal, UUID jobId, JsonNode request) {
		return Mono.fromCallable(() -> {
			requireKey(principal);
			JsonBody body = JsonBody.of(request, Set.of("claim_id", "progress_percentage", "estimated_completion",
					"message"));
			UUID claim = body.uuid("claim_id", true);
			Integer progress = body.integer("progress_percentage", 0, 100, true);
			String eta = body.text("estimated_completion", 1, 64, false);
			body.text("message", 0, 500, false);
			Instant estimated = null;
			if (eta != null) {
				try {
					estimated = OffsetDateTime.parse(eta).toInstant();
				}
				catch (DateTimeParseException ex) {
					body.fail("estimated_completion", "must be an ISO-8601 time with an offset");
				}
			}
			body.check();
			return new Object[] { claim, progress, estimated };
		}).flatMap(fields -> current(principal, jobId, (UUID) fields[0]).flatMap(job -> this.db
			.sql("UPDATE print_jobs SET progress_percentage = GREATEST(progress_percentage, :progress), "
					+ "estimated_completion = COALESCE(:eta, estimated_completion), "
					+ "lease_expires_at = now() + make_interval(secs => :lease), progress_written_at = now(), "
					+ "updated_at = now() WHERE id = :id AND status = 'processing' AND claim_id = :claim "
					+ "AND (progress_written_at IS NULL OR progress_written_at < now() - interval '1 second') "
					+ "RETURNING status, lease_expires_at, progress_percentage")
			.bind("progress", (short) (int) (Integer) fields[1])
			.bind("eta", Parameter.fromOrEmpty(fields[2], Instant.class))
			.bind("lease", (double) this.properties.agentLease().toMillis() / 1000)
			.bind("id", jobId)
			.bind("claim", fields[0])
			.map(row -> new Object[] { row.get("status", String.class), row.get("lease_expires_at", Instant.class),
					row.get("progress_percentage", Short.class) })
			.one()
			.defaultIfEmpty(new Object[] { job.status(), job.leaseExpiresAt(),
					(short) Math.max(job.progressPercentage(), (Integer) fields[1]) })
			.flatMap(row -> notifyProgress(job, ((Number) row[2]).intValue(), (Instant) fields[2]).thenReturn(row))
			.map(row -> {
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("status", row[0]);
				answer.put("lease_expires_at", row[1]);
				return answer;
			})));
	}

	private Mono<Void> notifyProgress(PrintJob job, int progress, @Nullable Instant eta) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("kind", "progress");
		payload.put("organization_id", job.organizationId().toString());
		payload.put("job_id", job.id().toString());
		payload.put("printer_id", job.printerId() == null ? null : job.printerId().toString());
		payload.put("progress_percentage", progress);
		payload.put("estimated_completion", eta == null ? null : eta.toString());
		return this.db.sql("SELECT pg_notify('" + CHANNEL + "', :payload)")
			.bind("payload", this.json.writeValueAsString(payload))
			.then();
	}

	/** AG-7 complete. */
	Mono<PrintJob> complete(KonfigPrincipal principal, UUID jobId, JsonNode request) {
		return Mono.fromCallable(() -> {
			requireKey(principal);
			JsonBody body = JsonBody.of(request, Set.of("claim_id", "output_file_ids"));
			UUID claim = body.uuid("claim_id", true);
			List<UUID> outputs = body.uuids("output_file_ids", 0, 100, false);
			body.check();
			return Map.entry(claim, outputs == null ? List.<UUID>of() : outputs);
		}).flatMap(fields -> current(principal, jobId, fields.getKey())
			.flatMap(job -> reactor.core.publisher.Flux.fromIterable(fields.getValue())
				.index()
				.concatMap(indexed -> this.peers.file(job.organizationId(), indexed.getT2())
					.switchIfEmpty(Mono.error(() -> PrintProblem.unprocessable("output_file_ids[" + indexed.getT1() + "]",
							"is not a file of the organization"))))
				.then(Mono.just(job)))
			.flatMap(job -> this.transaction.transactional(this.transitions.apply(job.organizationId(), jobId,
					JobStates.Trigger.COMPLETE, fields.getKey(),
					"progress_percentage = 100, completed_at = now(), output_files = :outputs, lease_expires_at = NULL, "
							+ "state_reason = 'completed'",
					Map.of("outputs", fields.getValue().toArray(UUID[]::new)), "completed", null, Actors.of(principal)))));
	}

	/** AG-7 fail. */
	Mono<PrintJob> fail(KonfigPrincipal principal, UUID jobId, JsonNode request) {
		return Mono.fromCallable(() -> {
			requireKey(principal);
			JsonBody body = JsonBody.of(request, Set.of("claim_id", "error_message", "reason"));
			UUID claim = body.uuid("claim_id", true);
			String message = body.text("error_message", 1, 4000, true);
			String reason = reason(body);
			body.check();
			return new Object[] { claim, message, reason == null ? "agent-failed" : reason };
		}).flatMap(fields -> current(principal, jobId, (UUID) fields[0])
			.flatMap(job -> this.transaction.transactional(this.transitions.apply(job.organizationId(), jobId,
					JobStates.Trigger.FAIL, (UUID) fields[0],
					"error_message = :message, state_reason = :reason, completed_at = now(), lease_expires_at = NULL",
					Map.of("message", fields[1], "reason", fields[2]), (String) fields[2], (String) fields[1],
					Actors.of(principal)))));
	}

	/** AG-7 release: back to the queue at its old position; the claim counted as an attempt. */
	Mono<PrintJob> release(KonfigPrincipal principal, UUID jobId, JsonNode request) {
		return Mono.fromCallable(() -> {
			requireKey(principal);
			JsonBody body = JsonBody.of(request, Set.of("claim_id", "reason"));
			UUID claim = body.uuid("claim_id", true);
			String reason = reason(body);
			body.check();
			return Map.entry(claim, reason == null ? "released" : reason);
		}).flatMap(fields -> current(principal, jobId, fields.getKey())
			.flatMap(job -> this.transaction.transactional(this.transitions.apply(job.organizationId(), jobId,
					JobStates.Trigger.AGENT_RELEASE, fields.getKey(), REQUEUE, Map.of("reason", fields.getValue()),
					fields.getValue(), null, Actors.of(principal)))));
	}

	/** What a requeue clears (agent release, lost lease). */
	static final String REQUEUE = "state_reason = :reason, claim_id = NULL, claimed_by = NULL, claimed_by_type = NULL, "
			+ "lease_expires_at = NULL, progress_percentage = 0, started_at = NULL, estimated_completion = NULL";

	/** AG-4: the file's content, streamed, while this agent holds this claim. */
	Mono<Void> content(KonfigPrincipal principal, UUID jobId, UUID fileId, @Nullable String claimHeader,
			ServerWebExchange exchange) {
		return Mono.defer(() -> {
			requireKey(principal);
			UUID claim;
			try {
				claim = UUID.fromString(String.valueOf(claimHeader));
			}
			catch (IllegalArgumentException ex) {
				return Mono.error(PrintProblem.conflict("X-Claim-Id must name the current claim",
						Map.of("status", "unknown", "reason", "claim-missing")));
			}
			return current(principal, jobId, claim).flatMap(job -> {
				if (!job.fileIds().contains(fileId) && !job.outputFiles().contains(fileId)) {
					return Mono.error(new NotFoundException("The file is not one of the job's"));
				}
				return this.peers.streamContent(job.organizationId(), fileId, exchange);
			});
		});
	}

	/**
	 * The job while this key holds this claim on it: 404 for a job the organization does not
	 * have, 409 {@code {status, reason}} for a claim that is not (or no longer) current.
	 */
	private Mono<PrintJob> current(KonfigPrincipal principal, UUID jobId, UUID claim) {
		return this.jobs.find(principal.requireOrganization(), jobId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("The print job was not found")))
			.flatMap(job -> {
				if (JobStates.PROCESSING.equals(job.status()) && claim.equals(job.claimId())
						&& principal.subject().equals(job.claimedBy())) {
					return Mono.just(job);
				}
				Map<String, Object> properties = new LinkedHashMap<>();
				properties.put("status", job.status());
				properties.put("reason", !JobStates.PROCESSING.equals(job.status())
						? (job.stateReason() == null ? "not-processing" : job.stateReason()) : "claim-superseded");
				return Mono.error(PrintProblem.conflict("The claim is not current (the job is " + job.status()
						+ "); stop printing it", properties));
			});
	}

	@Nullable
	private static String reason(JsonBody body) {
		String reason = body.text("reason", 1, 64, false);
		if (reason != null && !REASON.matcher(reason).matches()) {
			body.fail("reason", "must match ^[a-z0-9-]{1,64}$");
			return null;
		}
		return reason;
	}

	private static void requireKey(KonfigPrincipal principal) {
		if (principal.type() != PrincipalType.API_KEY) {
			throw new ForbiddenException("Print agents authenticate with an API key carrying print:agent");
		}
	}

	Mono<Void> record(Agent agent, String type) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", agent.name());
		data.put("hostname", agent.hostname());
		data.put("allowed_printer_ids", agent.allowedPrinterIds());
		return this.outbox.appendFromRequest(
				AuditEvent.of(agent.organizationId(), type, "print_agent", agent.id(), AuditEvent.SUCCESS, data));
	}

}

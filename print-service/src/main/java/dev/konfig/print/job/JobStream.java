package dev.konfig.print.job;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.PostgresNotifications;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PJ-12: the organization's job changes as server-sent events. {@code status} events are the
 * history rows (id = the row's global id, so {@code Last-Event-ID} resumes exactly);
 * {@code progress} events are ephemeral. Every replica hears every change through the one
 * LISTEN connection of {@link PostgresNotifications}; a notification only says "look again",
 * so the stream reads the rows after its own position and never misses or repeats one. An idle
 * subscriber holds no thread and no connection.
 */
@Component
class JobStream {

	static final String CHANNEL = "print_jobs";

	private static final int PAGE = 500;

	private final DatabaseClient db;

	private final JobRepository jobs;

	private final PostgresNotifications notifications;

	private final PrintProperties properties;

	private final JsonMapper json;

	JobStream(DatabaseClient db, JobRepository jobs, PostgresNotifications notifications, PrintProperties properties,
			JsonMapper json) {
		this.db = db;
		this.jobs = jobs;
		this.notifications = notifications;
		this.properties = properties;
		this.json = json;
	}

	Flux<ServerSentEvent<Object>> stream(KonfigPrincipal principal, @Nullable String printerText,
			@Nullable String jobText, @Nullable String lastEventId) {
		UUID org = principal.requireOrganization();
		UUID printer = uuid(printerText, "printer_id");
		UUID job = uuid(jobText, "job_id");
		Long resumeFrom = null;
		if (lastEventId != null && !lastEventId.isBlank()) {
			try {
				resumeFrom = Long.parseLong(lastEventId.strip());
			}
			catch (NumberFormatException ex) {
				throw new BadRequestException("Last-Event-ID must be an event id of this stream",
						java.util.List.of(new FieldViolation("Last-Event-ID", "must be a number")));
			}
		}
		AtomicLong position = new AtomicLong();
		Mono<Long> start = (resumeFrom != null) ? Mono.just(resumeFrom) : this.jobs.lastHistoryId(org);
		Flux<ServerSentEvent<Object>> snapshot = (resumeFrom != null) ? Flux.empty() : snapshot(org, printer, job);
		Flux<ServerSentEvent<Object>> live = this.notifications.listen(CHANNEL)
			.map(notification -> notification.isReconnect() ? Map.<String, Object>of("kind", "status")
					: payload(notification.payload()))
			.filter(payload -> payload.isEmpty() || !payload.containsKey("organization_id")
					|| org.toString().equals(payload.get("organization_id")))
			.startWith(Map.of("kind", "status"))
			.onBackpressureLatest()
			.concatMap(payload -> "progress".equals(payload.get("kind")) ? progress(payload, printer, job)
					: changesAfter(org, position, printer, job), 1);
		Flux<ServerSentEvent<Object>> heartbeat = Flux.interval(this.properties.streamHeartbeat())
			.map(tick -> ServerSentEvent.<Object>builder().comment("keep-alive").build());
		return start.doOnNext(position::set).thenMany(Flux.concat(snapshot, Flux.merge(live, heartbeat)));
	}

	/** Without Last-Event-ID: the current state of the open jobs that match. */
	private Flux<ServerSentEvent<Object>> snapshot(UUID org, @Nullable UUID printer, @Nullable UUID job) {
		return this.db.sql("SELECT " + JobRepository.COLUMNS + " FROM print_jobs WHERE organization_id = :org "
				+ "AND status IN ('pending', 'held', 'processing') ORDER BY created_at, id LIMIT 1000")
			.bind("org", org)
			.map(JobRepository::job)
			.all()
			.filter(found -> (printer == null || printer.equals(found.printerId()))
					&& (job == null || job.equals(found.id())))
			.map(found -> {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("job_id", found.id());
				data.put("seq", null);
				data.put("from_status", null);
				data.put("to_status", found.status());
				data.put("reason", found.stateReason());
				data.put("at", found.updatedAt());
				data.put("progress_percentage", found.progressPercentage());
				return ServerSentEvent.<Object>builder(data).event("status").build();
			});
	}

	/** History rows after the stream's position, as status events; the position moves past them. */
	private Flux<ServerSentEvent<Object>> changesAfter(UUID org, AtomicLong position, @Nullable UUID printer,
			@Nullable UUID job) {
		return Flux.defer(() -> this.db
			.sql("SELECT h.id, h.job_id, h.seq, h.at, h.from_status, h.to_status, h.reason, h.progress_percentage, "
					+ "j.printer_id FROM print_job_history h LEFT JOIN print_jobs j ON j.id = h.job_id "
					+ "WHERE h.organization_id = :org AND h.id > :after ORDER BY h.id LIMIT :limit")
			.bind("org", org)
			.bind("after", position.get())
			.bind("limit", PAGE)
			.map(row -> {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("id", row.get("id", Long.class));
				data.put("job_id", row.get("job_id", UUID.class));
				data.put("seq", row.get("seq", Integer.class));
				data.put("from_status", row.get("from_status", String.class));
				data.put("to_status", row.get("to_status", String.class));
				data.put("reason", row.get("reason", String.class));
				data.put("at", row.get("at", java.time.Instant.class));
				data.put("progress_percentage", row.get("progress_percentage", Short.class));
				data.put("printer_id", row.get("printer_id", UUID.class));
				return data;
			})
			.all()
			.collectList()
			.flatMapMany(rows -> {
				if (!rows.isEmpty()) {
					position.set((Long) rows.get(rows.size() - 1).get("id"));
				}
				return Flux.fromIterable(rows);
			})
			.filter(row -> (printer == null || printer.equals(row.get("printer_id")))
					&& (job == null || job.equals(row.get("job_id"))))
			.map(row -> {
				Object id = row.remove("id");
				row.remove("printer_id");
				return ServerSentEvent.<Object>builder(row).id(id.toString()).event("status").build();
			}));
	}

	private Flux<ServerSentEvent<Object>> progress(Map<String, Object> payload, @Nullable UUID printer,
			@Nullable UUID job) {
		if ((printer != null && !printer.toString().equals(payload.get("printer_id")))
				|| (job != null && !job.toString().equals(payload.get("job_id")))) {
			return Flux.empty();
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("job_id", payload.get("job_id"));
		data.put("progress_percentage", payload.get("progress_percentage"));
		data.put("estimated_completion", payload.get("estimated_completion"));
		return Flux.just(ServerSentEvent.<Object>builder(data).event("progress").build());
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> payload(@Nullable String text) {
		if (text == null) {
			return Map.of("kind", "status");
		}
		try {
			JsonNode node = this.json.readTree(text);
			return this.json.convertValue(node, Map.class);
		}
		catch (RuntimeException ex) {
			return Map.of("kind", "status");
		}
	}

	@Nullable
	private static UUID uuid(@Nullable String text, String field) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(field + " must be a UUID", java.util.List.of(new FieldViolation(field,
					"must be a UUID")));
		}
	}

}

package dev.konfig.print.gang;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.print.agent.ClaimStatement;
import dev.konfig.print.gang.render.Designs;
import dev.konfig.print.gang.render.RenderFailure;
import dev.konfig.print.gang.render.SheetRenderer;
import dev.konfig.print.job.JobRepository;
import dev.konfig.print.job.JobStates;
import dev.konfig.print.job.JobTransitions;
import dev.konfig.print.job.PrintJob;
import dev.konfig.print.peer.Peers;
import dev.konfig.print.system.Actors;
import dev.konfig.print.system.PrintProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RN-1..RN-8: each replica claims pending {@code gang_sheets} jobs (at most
 * {@code render-concurrency} at a time), fetches the designs once into a temporary directory,
 * renders every sheet in strips straight into file-service, keeps the lease alive with its progress,
 * and completes the job (with the {@code auto_print} child job in the same transaction) or fails it
 * with a reason, deleting the sheets it stored. A job cancelled meanwhile stops between strips.
 */
@Component
public class GangRenderer {

	private static final Logger log = LoggerFactory.getLogger(GangRenderer.class);

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMddyyyy");

	private final ClaimStatement claims;

	private final JobTransitions transitions;

	private final JobRepository jobs;

	private final GangLayouts layouts;

	private final Peers peers;

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	private final PrintProperties print;

	private final GangProperties gang;

	private final JsonMapper json;

	private final Outbox outbox;

	private final String replica = "renderer-" + UUID.randomUUID().toString().substring(0, 8);

	private final AtomicInteger running = new AtomicInteger();

	private final Scheduler workers;

	GangRenderer(ClaimStatement claims, JobTransitions transitions, JobRepository jobs, GangLayouts layouts,
			Peers peers, DatabaseClient db, TransactionalOperator transaction, PrintProperties print,
			GangProperties gang, JsonMapper json, Outbox outbox) {
		this.outbox = outbox;
		this.claims = claims;
		this.transitions = transitions;
		this.jobs = jobs;
		this.layouts = layouts;
		this.peers = peers;
		this.db = db;
		this.transaction = transaction;
		this.print = print;
		this.gang = gang;
		this.json = json;
		this.workers = Schedulers.newBoundedElastic(Math.max(1, gang.renderConcurrency()), 16, "gang-render");
	}

	/** Claims while there is room and work; each job renders on its own. */
	@Scheduled(initialDelayString = "${konfig.print.gang.render-poll-interval:2s}",
			fixedDelayString = "${konfig.print.gang.render-poll-interval:2s}")
	Mono<Void> poll() {
		return Flux.range(0, Math.max(0, this.gang.renderConcurrency() - this.running.get()))
			.concatMap(slot -> claim())
			.doOnNext(job -> {
				this.running.incrementAndGet();
				render(job).doFinally(signal -> this.running.decrementAndGet()).subscribe();
			})
			.then()
			.onErrorResume(ex -> {
				log.warn("The renderer could not claim a job; it tries again later: {}", ex.toString());
				return Mono.empty();
			});
	}

	/** One claim with its history row and event. */
	Mono<PrintJob> claim() {
		return this.transaction.transactional(this.claims.claimGangSheet(this.replica, this.print.agentLease())
			.flatMap(job -> this.transitions.recorded(job, JobStates.PENDING, JobStates.Trigger.CLAIM, "claimed", null,
					Actors.SELF)));
	}

	/** Renders a claimed job to its end: completed, failed, or stopped because it was cancelled. */
	public Mono<Void> render(PrintJob job) {
		List<UUID> stored = new ArrayList<>();
		return Mono.usingWhen(Mono.fromCallable(() -> Files.createTempDirectory("gang-render-")).subscribeOn(this.workers),
				dir -> deletePrevious(job).then(this.layouts.forJob(job.organizationId(), job.id()))
					.switchIfEmpty(Mono.error(() -> new RenderFailure("layout-missing", "The job has no layout")))
					.flatMap(layout -> fetch(job, layout, dir)
						.flatMap(files -> sheets(job, layout, files, stored)))
					.flatMap(outputs -> complete(job, outputs)),
				this::removeDirectory)
			.then()
			.onErrorResume(ex -> failed(job, stored, ex));
	}

	/** A requeued job's earlier attempt may have stored sheets: they go first (RN-6). */
	private Mono<Void> deletePrevious(PrintJob job) {
		if (job.outputFiles().isEmpty()) {
			return Mono.empty();
		}
		return Flux.fromIterable(job.outputFiles())
			.concatMap(id -> this.peers.deleteFile(job.organizationId(), id))
			.then(this.db.sql("UPDATE print_jobs SET output_files = '{}' WHERE id = :id AND claim_id = :claim")
				.bind("id", job.id())
				.bind("claim", job.claimId())
				.then());
	}

	/** Each distinct design once, into the job's directory (RN-2). */
	private Mono<Map<UUID, Path>> fetch(PrintJob job, Map<String, Object> layout, Path dir) {
		List<UUID> ids = new ArrayList<>();
		for (JsonNode item : this.json.readTree(job.items() == null ? "[]" : job.items()).values()) {
			UUID id = UUID.fromString(item.path("file_id").asString());
			if (!ids.contains(id)) {
				ids.add(id);
			}
		}
		return Flux.fromIterable(ids)
			.concatMap(id -> this.peers.download(job.organizationId(), id, dir.resolve(id + ".bin"))
				.switchIfEmpty(Mono.error(() -> new RenderFailure("file-missing", "The design file " + id
						+ " is no longer in file-service")))
				.map(path -> Map.entry(id, path)))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	@SuppressWarnings("unchecked")
	private Mono<List<UUID>> sheets(PrintJob job, Map<String, Object> layout, Map<UUID, Path> files,
			List<UUID> stored) {
		JsonNode config = this.json.readTree(job.printConfig());
		int dpi = ((Number) layout.get("dpi")).intValue();
		String crop = config.path("crop").asString("length");
		int maxLength = GangPlanner.px(new java.math.BigDecimal(layout.get("max_length_inches").toString()), dpi);
		int margin = GangPlanner.px(new java.math.BigDecimal(layout.get("margin_inches").toString()), dpi);
		List<Layout.Sheet> sheets = new ArrayList<>();
		for (Map<String, Object> sheet : (List<Map<String, Object>>) layout.get("sheets")) {
			List<Layout.Placement> placements = new ArrayList<>();
			for (Map<String, Object> p : (List<Map<String, Object>>) sheet.get("placements")) {
				placements.add(new Layout.Placement(((Number) p.get("item_index")).intValue(),
						((Number) p.get("copy_index")).intValue(), UUID.fromString(p.get("file_id").toString()),
						((Number) p.get("x_px")).intValue(), ((Number) p.get("y_px")).intValue(),
						((Number) p.get("width_px")).intValue(), ((Number) p.get("height_px")).intValue(),
						Boolean.TRUE.equals(p.get("rotated"))));
			}
			sheets.add(new Layout.Sheet(((Number) sheet.get("index")).intValue(),
					((Number) sheet.get("width_px")).intValue(), ((Number) sheet.get("length_px")).intValue(),
					placements));
		}
		long totalRows = 0;
		for (Layout.Sheet sheet : sheets) {
			totalRows += length(sheet, crop, maxLength);
		}
		// The cache never takes more than a quarter of the heap, whatever it is set to.
		Designs designs = new Designs(files::get,
				Math.min(this.gang.renderCacheBytes().toBytes(), Runtime.getRuntime().maxMemory() / 4));
		AtomicLong rowsDone = new AtomicLong();
		AtomicBoolean cancelled = new AtomicBoolean();
		AtomicLong lastReport = new AtomicLong(System.nanoTime());
		long allRows = totalRows;
		return Flux.fromIterable(sheets).concatMap(sheet -> {
			int width = crop.equals("content") ? contentWidth(sheet, margin) : sheet.widthPx();
			int length = length(sheet, crop, maxLength);
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("job_id", job.id());
			metadata.put("layout_id", layout.get("layout_id"));
			metadata.put("sheet_index", sheet.index());
			metadata.put("dpi", dpi);
			metadata.put("utilization", sheet.utilization());
			String name = fileName(job, config, sheet.index() + 1, sheets.size());
			Map<String, String> text = Map.of("Software", "konfig print-service", "Comment",
					"job " + job.id() + " sheet " + (sheet.index() + 1) + " of " + sheets.size());
			var png = DataBufferUtils.outputStreamPublisher(out -> {
				try {
					SheetRenderer.render(sheet, width, length, dpi, text, designs, this.gang.renderStripRows(), out,
							rows -> {
								if (cancelled.get()) {
									throw new CancellationException("The job is no longer this renderer's");
								}
								long done = rowsDone.addAndGet(rows);
								if (System.nanoTime() - lastReport.get() > 1_000_000_000L) {
									lastReport.set(System.nanoTime());
									progress(job, (int) (done * 100 / allRows)).subscribe(ok -> {
										if (!ok) {
											cancelled.set(true);
										}
									}, ex -> log.debug("Progress of {} not written: {}", job.id(), ex.toString()));
								}
							});
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}, DefaultDataBufferFactory.sharedInstance, this.workers::schedule, 1 << 16);
			return this.peers.storePrintFile(job.organizationId(), name, this.json.writeValueAsString(metadata), png)
				.flatMap(id -> {
					synchronized (stored) {
						stored.add(id);
					}
					return this.db
						.sql("UPDATE print_jobs SET output_files = array_append(output_files, :file) "
								+ "WHERE id = :id AND claim_id = :claim AND status = 'processing'")
						.bind("file", id)
						.bind("id", job.id())
						.bind("claim", job.claimId())
						.fetch()
						.rowsUpdated()
						.flatMap(n -> n == 0 ? Mono.error(new CancellationException("The job is no longer this renderer's"))
								: Mono.just(id));
				})
				.flatMap(id -> cancelled.get() ? Mono.error(new CancellationException("The job was cancelled"))
						: Mono.just(id));
		}).collectList();
	}

	private static int length(Layout.Sheet sheet, String crop, int maxLength) {
		return crop.equals("none") ? maxLength : sheet.lengthPx();
	}

	private static int contentWidth(Layout.Sheet sheet, int margin) {
		int right = 0;
		for (Layout.Placement p : sheet.placements()) {
			right = Math.max(right, p.x() + p.width());
		}
		return Math.min(sheet.widthPx(), right + margin);
	}

	/** {@code output_name_template}: {job_name}, {date:MMddyyyy}, {part}, {parts}. */
	static String fileName(PrintJob job, JsonNode config, int part, int parts) {
		String template = config.path("output_name_template")
			.asString("{job_name} {date:MMddyyyy} part {part} of {parts}.png");
		String name = template.replace("{job_name}", job.jobName())
			.replace("{date:MMddyyyy}", LocalDate.now(ZoneOffset.UTC).format(DATE))
			.replace("{part}", Integer.toString(part))
			.replace("{parts}", Integer.toString(parts));
		return name.toLowerCase(java.util.Locale.ROOT).endsWith(".png") ? name : name + ".png";
	}

	/** RN-8 / AG-6: progress and a longer lease; false when the claim is no longer current. */
	private Mono<Boolean> progress(PrintJob job, int percent) {
		return this.db
			.sql("UPDATE print_jobs SET progress_percentage = GREATEST(progress_percentage, :progress), "
					+ "lease_expires_at = now() + make_interval(secs => :lease), progress_written_at = now() "
					+ "WHERE id = :id AND claim_id = :claim AND status = 'processing'")
			.bind("progress", (short) Math.min(99, percent))
			.bind("lease", (double) this.print.agentLease().toMillis() / 1000)
			.bind("id", job.id())
			.bind("claim", job.claimId())
			.fetch()
			.rowsUpdated()
			.map(n -> n > 0);
	}

	/** RN-6 and RN-7: completed with the sheets in order, and the auto-print job in the same transaction. */
	private Mono<PrintJob> complete(PrintJob job, List<UUID> outputs) {
		boolean autoPrint = this.json.readTree(job.printConfig()).path("auto_print").asBoolean(false);
		return this.transaction.transactional(this.transitions
			.apply(job.organizationId(), job.id(), JobStates.Trigger.COMPLETE, job.claimId(),
					"progress_percentage = 100, completed_at = now(), output_files = :outputs, lease_expires_at = NULL, "
							+ "state_reason = 'completed'",
					Map.of("outputs", outputs.toArray(UUID[]::new)), "completed", null, Actors.SELF)
			.flatMap(done -> autoPrint ? autoPrint(done).thenReturn(done) : Mono.just(done)));
	}

	private Mono<PrintJob> autoPrint(PrintJob parent) {
		java.time.Instant now = java.time.Instant.now();
		PrintJob child = new PrintJob(UUID.randomUUID(), parent.organizationId(), parent.createdBy(),
				parent.createdByType(), parent.jobName().length() > 240 ? parent.jobName().substring(0, 240)
						: parent.jobName() + " (print)",
				"print_files", JobStates.PENDING, "auto-print", parent.priority(), parent.printerId(),
				parent.printerName(), parent.shopId(), parent.orderRef(), parent.outputFiles(), null, "{}", 0, null,
				null, null, null, 0, 0, List.of(), null, parent.id(), null, null, null, null, 1, now, now);
		return this.jobs.insert(child).flatMap(created -> {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("job_type", created.jobType());
			data.put("job_name", created.jobName());
			data.put("printer_id", created.printerId());
			data.put("priority", created.priority());
			data.put("file_count", created.fileIds().size());
			data.put("shop_id", created.shopId());
			data.put("status", created.status());
			data.put("parent_job_id", parent.id());
			return this.jobs.appendHistory(created, null, "auto-print", null, Actors.SELF)
				.then(this.outbox.appendFromRequest(AuditEvent.of(created.organizationId(), "print_job.created",
						"print_job", created.id(), AuditEvent.SUCCESS, data).withActor(Actors.SELF)))
				.thenReturn(created);
		});
	}

	/** Sheets this attempt stored are deleted; the job fails with the reason (a cancelled job is left as it is). */
	private Mono<Void> failed(PrintJob job, List<UUID> stored, Throwable ex) {
		List<UUID> outputs;
		synchronized (stored) {
			outputs = List.copyOf(stored);
		}
		Mono<Void> cleanup = Flux.fromIterable(outputs)
			.concatMap(id -> this.peers.deleteFile(job.organizationId(), id).onErrorResume(e -> {
				log.warn("Could not delete the rendered sheet {} of job {}: {}", id, job.id(), e.toString());
				return Mono.empty();
			}))
			.then();
		Throwable cause = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
		while (cause.getCause() != null && !(cause instanceof RenderFailure) && !(cause instanceof CancellationException)) {
			cause = cause.getCause();
		}
		if (cause instanceof CancellationException) {
			log.info("Stopped rendering job {}: {}", job.id(), cause.getMessage());
			return cleanup;
		}
		String reason = cause instanceof RenderFailure failure ? failure.reason() : "render-failed";
		String message = cause instanceof RenderFailure ? cause.getMessage() : "Rendering failed: " + cause;
		log.warn("Rendering job {} failed ({}): {}", job.id(), reason, message);
		return cleanup.then(this.transaction.transactional(this.transitions.apply(job.organizationId(), job.id(),
				JobStates.Trigger.FAIL, job.claimId(),
				"error_message = :message, state_reason = :reason, completed_at = now(), lease_expires_at = NULL, "
						+ "output_files = '{}'",
				Map.of("message", message.length() > 4000 ? message.substring(0, 4000) : message, "reason", reason),
				reason, null, Actors.SELF)))
			.then()
			.onErrorResume(e -> {
				log.warn("Could not mark job {} failed: {}", job.id(), e.toString());
				return Mono.empty();
			});
	}

	private Mono<Void> removeDirectory(Path dir) {
		return Mono.<Void>fromRunnable(() -> {
			try (Stream<Path> paths = Files.walk(dir)) {
				paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
			}
			catch (IOException ex) {
				log.warn("Could not remove {}: {}", dir, ex.toString());
			}
		}).subscribeOn(this.workers);
	}

}

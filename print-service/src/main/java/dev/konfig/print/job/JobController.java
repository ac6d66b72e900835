package dev.konfig.print.job;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.lang.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.outbox.IdempotencyKeys;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.print.system.PathIds;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Print jobs (spec §3.4). */
@RestController
@RequestMapping("/api/v1/print-jobs")
class JobController {

	private final JobService jobs;

	private final IdempotencyKeys idempotency;

	private final JsonMapper json;

	private final JobStream stream;

	private final TransactionalOperator transaction;

	JobController(JobService jobs, IdempotencyKeys idempotency, JsonMapper json, JobStream stream,
			TransactionalOperator transaction) {
		this.stream = stream;
		this.transaction = transaction;
		this.jobs = jobs;
		this.idempotency = idempotency;
		this.json = json;
	}

	/**
	 * 201; with {@code Idempotency-Key}, a retry of the same request gets the first answer again.
	 * The key is kept in the creation's own transaction (so the checks with file- and tenant-service
	 * run inside it for keyed requests): a replica that dies halfway leaves no key behind, and the
	 * retry on another replica creates the job.
	 */
	@PostMapping
	Mono<ResponseEntity<String>> create(@AuthenticationPrincipal KonfigPrincipal principal, @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = JobBodies.Create.class))) @RequestBody JsonNode body,
			@RequestHeader(name = IdempotencyKeys.HEADER, required = false) @Nullable String key) {
		return Mono.defer(() -> {
			IdempotencyKeys.checked(key);
			Mono<ResponseEntity<String>> work = this.jobs.create(principal, body).map(created -> ResponseEntity
				.created(URI.create("/api/v1/print-jobs/" + created.id()))
				.eTag(EntityTags.of(created.version()))
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.json.writeValueAsString(this.jobs.response(created))));
			if (key == null) {
				return work;
			}
			return this.idempotency
				.once(principal.requireOrganization(), key, this.json.writeValueAsString(body), work,
						answer -> new IdempotencyKeys.Answer(answer.getStatusCode().value(), answer.getBody()),
						stored -> Mono.just(ResponseEntity.status(stored.status())
							.contentType(MediaType.APPLICATION_JSON)
							.header("Idempotent-Replayed", "true")
							.body(stored.body())))
				.as(this.transaction::transactional);
		});
	}

	@GetMapping({ "", "/search" })
	Mono<Page<JobResponse>> list(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(required = false) String status, @RequestParam(name = "job_type", required = false) String jobType,
			@RequestParam(name = "printer_id", required = false) String printerId,
			@RequestParam(name = "shop_id", required = false) String shopId,
			@RequestParam(name = "created_by", required = false) String createdBy,
			@RequestParam(name = "job_name_contains", required = false) String nameContains,
			@RequestParam(name = "created_after", required = false) String createdAfter,
			@RequestParam(name = "created_before", required = false) String createdBefore, PageRequest page) {
		return this.jobs
			.list(principal, new JobService.Filter(status, jobType, printerId, shopId, createdBy, nameContains,
					createdAfter, createdBefore), page)
			.map(found -> found.map(this.jobs::response));
	}

	/** PJ-12: {@code text/event-stream} of the organization's job changes; resumes after {@code Last-Event-ID}. */
	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> stream(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(name = "printer_id", required = false) String printerId,
			@RequestParam(name = "job_id", required = false) String jobId,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		return Flux.defer(() -> this.stream.stream(principal, printerId, jobId, lastEventId));
	}

	@GetMapping("/stats/summary")
	Mono<Map<String, Object>> stats(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(required = false) String days) {
		return this.jobs.stats(principal, days);
	}

	@GetMapping("/queue/info")
	Mono<Map<String, Object>> queue(@AuthenticationPrincipal KonfigPrincipal principal,
			@RequestParam(name = "printer_id", required = false) String printerId,
			@RequestParam(name = "job_type", required = false) String jobType) {
		return this.jobs.queue(principal, printerId, jobType);
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<JobResponse>> get(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		return Mono.defer(() -> this.jobs.get(principal, PathIds.of("print job", id))).map(found -> {
			if (EntityTags.matches(ifNoneMatch, found.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(EntityTags.of(found.version())).build();
			}
			return ResponseEntity.ok().eTag(EntityTags.of(found.version())).body(this.jobs.response(found));
		});
	}

	@PatchMapping("/{id}")
	Mono<ResponseEntity<JobResponse>> update(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = JobBodies.Update.class))) @RequestBody JsonNode body, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return Mono.defer(() -> this.jobs.update(principal, PathIds.of("print job", id), body, ifMatch))
			.map(updated -> ResponseEntity.ok().eTag(EntityTags.of(updated.version())).body(this.jobs.response(updated)));
	}

	@PostMapping("/{id}/cancel")
	Mono<ResponseEntity<JobResponse>> cancel(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return act(principal, id, JobStates.Trigger.CANCEL);
	}

	@PostMapping("/{id}/retry")
	Mono<ResponseEntity<JobResponse>> retry(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return act(principal, id, JobStates.Trigger.RETRY);
	}

	@PostMapping("/{id}/hold")
	Mono<ResponseEntity<JobResponse>> hold(@AuthenticationPrincipal KonfigPrincipal principal, @PathVariable String id) {
		return act(principal, id, JobStates.Trigger.HOLD);
	}

	@PostMapping("/{id}/release")
	Mono<ResponseEntity<JobResponse>> release(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id) {
		return act(principal, id, JobStates.Trigger.RELEASE);
	}

	@GetMapping("/{id}/history")
	Mono<Map<String, List<Map<String, Object>>>> history(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String id) {
		return Mono.defer(() -> this.jobs.history(principal, PathIds.of("print job", id))).map(items -> Map.of("items", items));
	}

	private Mono<ResponseEntity<JobResponse>> act(KonfigPrincipal principal, String id, JobStates.Trigger trigger) {
		return Mono.defer(() -> this.jobs.act(principal, PathIds.of("print job", id), trigger))
			.map(job -> ResponseEntity.ok().eTag(EntityTags.of(job.version())).body(this.jobs.response(job)));
	}

}

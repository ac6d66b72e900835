package dev.konfig.config.watch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.config.entry.ConfigService;
import dev.konfig.config.history.ConfigHistory;
import dev.konfig.config.history.HistoryEntry;
import dev.konfig.config.namespace.Namespace;
import dev.konfig.config.namespace.NamespaceService;
import dev.konfig.config.secret.SecretAccess;
import dev.konfig.config.system.ConfigProperties;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.EntityTags;
import dev.konfig.platform.web.SecretMask;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * {@code /values}: the namespace as one flat {@code {key: value}} object with
 * {@code ETag: "<namespace revision>"}; with {@code ?wait=30s&after_version=N} (or a revision in
 * {@code If-None-Match}) it is a long poll that answers as soon as the revision passes N, or
 * with 304 at the timeout. {@code /watch}: the same changes as server-sent events, one per
 * config change, resumable with {@code Last-Event-ID} or {@code ?after_version=}.
 */
@RestController
@RequestMapping("/api/v1/namespaces/{ns}")
class ValuesController {

	private static final int REPLAY_REVISIONS = 500;

	private final NamespaceService namespaces;

	private final ConfigHistory history;

	private final NamespaceChangeFeed feed;

	private final ValuesSnapshots snapshots;

	private final ConfigProperties properties;

	private final JsonMapper json;

	ValuesController(NamespaceService namespaces, ConfigHistory history,
			NamespaceChangeFeed feed, ValuesSnapshots snapshots, ConfigProperties properties, JsonMapper json) {
		this.snapshots = snapshots;
		this.namespaces = namespaces;
		this.history = history;
		this.feed = feed;
		this.properties = properties;
		this.json = json;
	}

	@GetMapping("/values")
	Mono<ResponseEntity<Map<String, JsonNode>>> values(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String ns, @RequestParam(required = false) String wait,
			@RequestParam(name = "after_version", required = false) Long afterVersion,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		boolean reveal = SecretAccess.mayReveal(principal);
		if (wait == null) {
			// Served from memory, kept current by the change feed (ValuesSnapshots#current).
			return this.snapshots.current(principal, ns, reveal).map(values -> answer(values, ifNoneMatch));
		}
		Duration timeout = WaitDuration.parse(wait, this.properties.watchMaxWait());
		return this.namespaces.resolve(principal, ns).flatMap(namespace -> {
			long after = afterVersion != null ? afterVersion : revisionIn(ifNoneMatch, namespace.revision());
			// Subscribe to wake-ups before reading the revision, so a change committed in between
			// is not missed; a resync (the initial one included) reads the revision again.
			return Flux.merge(this.feed.changes(namespace.id(), after), Mono.just(NamespaceChangeFeed.Change.RESYNC))
				.concatMap(change -> change.namespaceId() == null ? this.namespaces.currentRevision(namespace)
						: Mono.just(change.revision()), 1)
				.filter(revision -> revision > after)
				.next()
				.flatMap(revision -> this.snapshots.atLeast(namespace, revision, reveal))
				.map(values -> answer(values, null))
				// No change in time, or this replica is shutting down: nothing changed so far.
				.timeout(timeout, Mono.fromSupplier(() -> notModified(after)))
				.switchIfEmpty(Mono.fromSupplier(() -> notModified(after)));
		});
	}

	@GetMapping(path = "/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<WatchEvent>> watch(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String ns, @RequestParam(name = "after_version", required = false) Long afterVersion,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		Long resumeFrom = afterVersion != null ? afterVersion : parseEventId(lastEventId);
		return this.namespaces.resolve(principal, ns).flatMapMany(namespace -> {
			long start = resumeFrom != null ? resumeFrom : namespace.revision();
			AtomicLong last = new AtomicLong(start);
			Flux<ServerSentEvent<WatchEvent>> opening = resumeFrom != null ? Flux.empty()
					: Flux.just(ServerSentEvent.<WatchEvent>builder()
						.id(Long.toString(start))
						.event("revision")
						.comment("watching from the current revision")
						.build());
			Flux<ServerSentEvent<WatchEvent>> changes = Flux
				.merge(this.feed.changes(namespace.id(), start), Mono.just(NamespaceChangeFeed.Change.RESYNC))
				.concatMap(change -> replay(namespace, last), 1);
			Flux<ServerSentEvent<WatchEvent>> heartbeats = Flux.interval(this.properties.watchHeartbeat())
				.map(tick -> ServerSentEvent.<WatchEvent>builder().comment("keep-alive").build())
				.takeUntilOther(this.feed.stopped());
			return opening.concatWith(Flux.merge(changes, heartbeats));
		});
	}

	/** The namespace's changes after the last one sent, in revision order, batch after batch. */
	private Flux<ServerSentEvent<WatchEvent>> replay(Namespace namespace, AtomicLong last) {
		return Flux.defer(() -> {
			long from = last.get();
			return this.history.after(namespace.organizationId(), namespace.id(), from, REPLAY_REVISIONS)
				.collectList()
				.flatMapMany(rows -> {
					if (rows.isEmpty()) {
						return Flux.empty();
					}
					long reached = rows.get(rows.size() - 1).namespaceRevision();
					last.set(reached);
					Flux<ServerSentEvent<WatchEvent>> events = Flux.fromIterable(rows).map(this::event);
					return reached < from + REPLAY_REVISIONS ? events : events.concatWith(replay(namespace, last));
				});
		});
	}

	private ServerSentEvent<WatchEvent> event(HistoryEntry entry) {
		JsonNode value = entry.value() == null ? null
				: entry.secret() ? StringNode.valueOf(SecretMask.VALUE) : this.json.readTree(entry.value());
		WatchEvent event = new WatchEvent(entry.key(), entry.version(), entry.changeType().value(), value,
				entry.valueType(), entry.secret(), entry.namespaceRevision(), entry.actorId(), entry.actorType(),
				entry.changedAt());
		return ServerSentEvent.builder(event)
			.id(Long.toString(entry.namespaceRevision()))
			.event(entry.changeType().value())
			.build();
	}

	private static ResponseEntity<Map<String, JsonNode>> notModified(long revision) {
		return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(EntityTags.of(revision)).build();
	}

	private static ResponseEntity<Map<String, JsonNode>> answer(ConfigService.Values values, String ifNoneMatch) {
		String tag = EntityTags.of(values.revision());
		if (EntityTags.matches(ifNoneMatch, values.revision())) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(tag).build();
		}
		return ResponseEntity.ok()
			.eTag(tag)
			.header("X-Konfig-Namespace-Revision", Long.toString(values.revision()))
			.body(values.values());
	}

	/** A long poll without {@code after_version} waits past the revision its ETag named. */
	private static long revisionIn(String ifNoneMatch, long current) {
		return EntityTags.firstVersion(ifNoneMatch).orElse(current);
	}

	private static Long parseEventId(String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return null;
		}
		try {
			return Long.parseLong(lastEventId.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidWatchRequestException("Last-Event-ID", "must be a revision this stream sent");
		}
	}

}

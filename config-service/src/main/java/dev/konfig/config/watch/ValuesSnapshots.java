package dev.konfig.config.watch;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

import dev.konfig.config.entry.ConfigService;
import dev.konfig.config.namespace.Namespace;
import dev.konfig.config.namespace.NamespaceService;
import dev.konfig.platform.security.KonfigPrincipal;
import reactor.core.publisher.Mono;

/**
 * The values maps this replica serves, from memory.
 * <ul>
 * <li>{@link #current}: each namespace's map as of its latest revision, per way of asking for it
 * (organization, id or name, secrets revealed or masked), kept until the change feed says the
 * namespace changed (any config change, a rename, a deletion, its organization's purge, from
 * any replica) or the feed resynchronises. A plain read then costs no database round trip, and
 * a change is visible on every replica within the same bound as the watch: the notification
 * that wakes the watchers also drops the map. While the feed is not listening, nothing is kept.
 * A read that raced with a change (the notification arrived while it was reading) is answered
 * but not kept.</li>
 * <li>{@link #atLeast}: one read of a namespace's values per revision, shared by every request
 * that knows the revision: a change in a namespace with thousands of watchers costs one query,
 * not thousands. A read started after revision r was seen committed returns r or later, so it
 * serves everyone who asks for at least r.</li>
 * </ul>
 */
@Component
class ValuesSnapshots {

	private record Key(UUID namespaceId, long revision, boolean reveal) {
	}

	private record Reference(UUID organizationId, String reference, boolean reveal) {
	}

	private final Cache<Key, Mono<ConfigService.Values>> reads = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(10_000)
		.build();

	/**
	 * Kept until a change of the namespace; the time limit only bounds memory of namespaces
	 * nobody reads any more.
	 */
	private final Cache<Reference, ConfigService.Values> latest = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(10_000)
		.build();

	/** Counts the changes heard; a read keeps its result only when none came in meanwhile. */
	private final AtomicLong changesHeard = new AtomicLong();

	private final ConfigService configs;

	private final NamespaceService namespaces;

	private final NamespaceChangeFeed feed;

	ValuesSnapshots(ConfigService configs, NamespaceService namespaces, NamespaceChangeFeed feed) {
		this.configs = configs;
		this.namespaces = namespaces;
		this.feed = feed;
		feed.onChange(this::changed);
	}

	/** The caller's namespace (by id or name) with its values now; 404 for everyone else's. */
	Mono<ConfigService.Values> current(KonfigPrincipal principal, String reference, boolean reveal) {
		return Mono.defer(() -> {
			Reference key = new Reference(principal.requireOrganization(), reference, reveal);
			ConfigService.Values known = this.latest.getIfPresent(key);
			if (known != null) {
				return Mono.just(known);
			}
			long heard = this.changesHeard.get();
			boolean keep = this.feed.isListening();
			return this.namespaces.resolve(principal, reference)
				.flatMap(namespace -> this.configs.values(namespace, reveal))
				.doOnNext(values -> {
					if (keep && this.changesHeard.get() == heard) {
						this.latest.put(key, values);
					}
				});
		});
	}

	Mono<ConfigService.Values> atLeast(Namespace namespace, long revision, boolean reveal) {
		return this.reads.get(new Key(namespace.id(), revision, reveal),
				key -> this.configs.values(namespace, reveal).cache(values -> Duration.ofSeconds(5), error -> Duration.ZERO,
						() -> Duration.ZERO));
	}

	private void changed(NamespaceChangeFeed.Change change) {
		this.changesHeard.incrementAndGet();
		if (change.namespaceId() == null) {
			this.latest.invalidateAll();
		}
		else {
			this.latest.asMap().values().removeIf(values -> values.namespace().id().equals(change.namespaceId()));
		}
	}

}

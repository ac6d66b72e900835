package dev.konfig.config.watch;

import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

import dev.konfig.config.entry.ConfigService;
import dev.konfig.config.namespace.Namespace;
import reactor.core.publisher.Mono;

/**
 * One read of a namespace's values per revision, shared by every request that knows the
 * revision: a change in a namespace with thousands of watchers costs one query, not thousands,
 * and readers polling an unchanged namespace share one read. A read started after revision r was
 * seen committed returns r or later, so it serves everyone who asks for at least r.
 */
@Component
class ValuesSnapshots {

	private record Key(UUID namespaceId, long revision, boolean reveal) {
	}

	private final Cache<Key, Mono<ConfigService.Values>> reads = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofSeconds(5))
		.maximumSize(10_000)
		.build();

	private final ConfigService configs;

	ValuesSnapshots(ConfigService configs) {
		this.configs = configs;
	}

	Mono<ConfigService.Values> atLeast(Namespace namespace, long revision, boolean reveal) {
		return this.reads.get(new Key(namespace.id(), revision, reveal),
				key -> this.configs.values(namespace, reveal).cache(values -> Duration.ofSeconds(5), error -> Duration.ZERO,
						() -> Duration.ZERO));
	}

}

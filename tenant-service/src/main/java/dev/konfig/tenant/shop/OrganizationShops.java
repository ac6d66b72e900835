package dev.konfig.tenant.shop;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** An organization's shops as the rest of tenant-service needs them: counted, or all removed. */
@Component
public class OrganizationShops {

	private final ShopRepository shops;

	OrganizationShops(ShopRepository shops) {
		this.shops = shops;
	}

	/**
	 * Shops of an organization: how many, how many active, how many per platform (in platform
	 * order).
	 */
	public record Counts(long total, long active, Map<String, Long> byPlatform) {
	}

	public Mono<Counts> countsOf(UUID organizationId) {
		return countsOf(List.of(organizationId)).map(counts -> counts.get(organizationId));
	}

	/**
	 * The counts of each of these organizations in one query, zeros for an organization without
	 * shops (or unknown).
	 */
	public Mono<Map<UUID, Counts>> countsOf(Collection<UUID> organizationIds) {
		if (organizationIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.shops.countsByPlatform(organizationIds).collectList().map(rows -> {
			Map<UUID, Counts> counts = new HashMap<>();
			for (UUID organizationId : organizationIds) {
				counts.put(organizationId, new Counts(0, 0, new LinkedHashMap<>()));
			}
			for (ShopRepository.PlatformCount row : rows) {
				Counts before = counts.get(row.organizationId());
				before.byPlatform().put(row.platform(), row.total());
				counts.put(row.organizationId(),
						new Counts(before.total() + row.total(), before.active() + row.active(), before.byPlatform()));
			}
			return counts;
		});
	}

	/** Deletes every shop of the organization in the caller's transaction; answers how many went. */
	public Mono<Long> deleteAllOf(UUID organizationId) {
		return this.shops.deleteAllOf(organizationId);
	}

}

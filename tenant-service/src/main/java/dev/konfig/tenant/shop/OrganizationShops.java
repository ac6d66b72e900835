package dev.konfig.tenant.shop;

import java.util.LinkedHashMap;
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
	 * Shops of the organization: how many, how many active, how many per platform.
	 */
	public record Counts(long total, long active, Map<String, Long> byPlatform) {
	}

	public Mono<Counts> countsOf(UUID organizationId) {
		return this.shops.countsByPlatform(organizationId).collectList().map(rows -> {
			Map<String, Long> byPlatform = new LinkedHashMap<>();
			long total = 0;
			long active = 0;
			for (ShopRepository.PlatformCount row : rows) {
				byPlatform.put(row.platform(), row.total());
				total += row.total();
				active += row.active();
			}
			return new Counts(total, active, byPlatform);
		});
	}

	/** Deletes every shop of the organization in the caller's transaction; answers how many went. */
	public Mono<Long> deleteAllOf(UUID organizationId) {
		return this.shops.deleteAllOf(organizationId);
	}

}

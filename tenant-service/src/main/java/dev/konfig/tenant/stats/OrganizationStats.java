package dev.konfig.tenant.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.NotFoundException;
import dev.konfig.tenant.membership.MembershipDirectory;
import dev.konfig.tenant.shop.OrganizationShops;
import dev.konfig.tenant.system.StatsProperties;
import reactor.core.publisher.Mono;

/**
 * Gathers an organization's statistics (ST-2): the peers are asked at the same time, a peer that
 * fails only empties its own section, and the answer is reused for a few seconds per
 * organization (ST-3), so a dashboard polling it costs the peers one call each per interval.
 */
@Service
public class OrganizationStats {

	private final MembershipDirectory memberships;

	private final OrganizationShops shops;

	private final UsagePeers peers;

	private final Cache<UUID, StatsResponse> recent;

	OrganizationStats(MembershipDirectory memberships, OrganizationShops shops, UsagePeers peers,
			StatsProperties properties) {
		this.memberships = memberships;
		this.shops = shops;
		this.peers = peers;
		this.recent = Caffeine.newBuilder().expireAfterWrite(properties.cacheTtl()).maximumSize(10_000).build();
	}

	/** Members of the organization and its API keys may read; everyone else gets 404. */
	Mono<StatsResponse> of(KonfigPrincipal principal, UUID organizationId) {
		return this.memberships.roleIn(principal, organizationId)
			.switchIfEmpty(Mono.error(() -> new NotFoundException("Organization", organizationId)))
			.then(Mono.defer(() -> of(organizationId)));
	}

	/**
	 * The organization's statistics, for a caller that has checked its right to them itself (a
	 * platform admin); reused for a few seconds like a member's.
	 */
	public Mono<StatsResponse> of(UUID organizationId) {
		StatsResponse cached = this.recent.getIfPresent(organizationId);
		return (cached != null) ? Mono.just(cached)
				: gather(organizationId).doOnNext(stats -> this.recent.put(organizationId, stats));
	}

	private Mono<StatsResponse> gather(UUID organizationId) {
		return Mono.zip(this.peers.usageOf(UsagePeers.AUTH, organizationId), this.shops.countsOf(organizationId),
				this.peers.usageOf(UsagePeers.FILE, organizationId), this.peers.usageOf(UsagePeers.PRINT, organizationId))
			.map(all -> {
				List<String> unavailable = new ArrayList<>();
				Object members = section(all.getT1(), UsagePeers.AUTH, unavailable).map(item -> item.get("members"))
					.orElse(null);
				Object files = section(all.getT3(), UsagePeers.FILE, unavailable).map(OrganizationStats::files)
					.orElse(null);
				Optional<Map<String, Object>> print = section(all.getT4(), UsagePeers.PRINT, unavailable);
				OrganizationShops.Counts counts = all.getT2();
				Map<String, Object> shopSection = new LinkedHashMap<>();
				shopSection.put("total", counts.total());
				shopSection.put("active", counts.active());
				shopSection.put("by_platform", counts.byPlatform());
				return new StatsResponse(organizationId, Instant.now(), members, shopSection, files,
						print.map(OrganizationStats::printers).orElse(null),
						print.map(OrganizationStats::printJobs).orElse(null), List.copyOf(unavailable));
			});
	}

	private static Optional<Map<String, Object>> section(Optional<Map<String, Object>> item, String peer,
			List<String> unavailable) {
		if (item.isEmpty()) {
			unavailable.add(peer);
		}
		return item;
	}

	/** file-service's item (FS-17) without its organization id. */
	private static Map<String, Object> files(Map<String, Object> item) {
		Map<String, Object> files = new LinkedHashMap<>(item);
		files.remove("organization_id");
		return files;
	}

	/** print-service's item names its counts {@code printer_count} and {@code active_printer_count}. */
	private static Map<String, Object> printers(Map<String, Object> item) {
		Map<String, Object> printers = new LinkedHashMap<>();
		printers.put("total", item.get("printer_count"));
		printers.put("active", item.get("active_printer_count"));
		return printers;
	}

	private static Map<String, Object> printJobs(Map<String, Object> item) {
		Map<String, Object> jobs = new LinkedHashMap<>();
		jobs.put("by_status", byStatus(item.get("print_jobs")));
		jobs.put("last_30_days", item.get("last_30_days"));
		return jobs;
	}

	@Nullable
	private static Object byStatus(@Nullable Object printJobs) {
		return (printJobs instanceof Map<?, ?> jobs) ? jobs.get("by_status") : null;
	}

}

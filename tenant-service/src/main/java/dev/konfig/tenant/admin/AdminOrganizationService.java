package dev.konfig.tenant.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.tenant.admin.AdminRecords.AdminOrganization;
import dev.konfig.tenant.admin.AdminRecords.AdminOrganizationDetails;
import dev.konfig.tenant.admin.AdminRecords.Usage;
import dev.konfig.tenant.organization.OrganizationAdministration;
import dev.konfig.tenant.organization.OrganizationResponse;
import dev.konfig.tenant.shop.OrganizationShops;
import dev.konfig.tenant.stats.OrganizationStats;
import reactor.core.publisher.Mono;

/**
 * Every organization for platform admins, with its shops counted here and what the other services
 * know about each: member counts from auth-service, print jobs this month from print-service,
 * storage from file-service, asked for a whole page at once. One service down never fails the
 * page; its numbers are null. The details add the organization's statistics (ST-1).
 */
@Service
class AdminOrganizationService {

	static final String FILE = "file-service";

	static final String PRINT = "print-service";

	private final OrganizationAdministration organizations;

	private final PlatformPeers peers;

	private final OrganizationShops shops;

	private final OrganizationStats stats;

	AdminOrganizationService(OrganizationAdministration organizations, PlatformPeers peers, OrganizationShops shops,
			OrganizationStats stats) {
		this.organizations = organizations;
		this.peers = peers;
		this.shops = shops;
		this.stats = stats;
	}

	Mono<Page<AdminOrganization>> list(KonfigPrincipal caller, String q, Boolean active, PageRequest request) {
		caller.requirePlatformAdmin();
		return this.organizations.list(q, active, request).flatMap(page -> {
			List<UUID> ids = page.items().stream().map(OrganizationResponse::id).toList();
			return Mono.zip(usages(ids), this.shops.countsOf(ids))
				.map(all -> new Page<>(
						page.items().stream().map(item -> item(item, all.getT1(), all.getT2())).toList(),
						page.nextCursor()));
		});
	}

	Mono<AdminOrganizationDetails> get(KonfigPrincipal caller, UUID id) {
		caller.requirePlatformAdmin();
		return this.organizations.find(id).flatMap(this::details);
	}

	/** Re-reads the caller's flag at auth-service first, then switches the organization. */
	Mono<AdminOrganizationDetails> setActive(KonfigPrincipal caller, UUID id, boolean active) {
		caller.requirePlatformAdmin();
		return this.peers.requireStillPlatformAdmin(caller.userId())
			.then(this.organizations.setActive(id, active))
			.flatMap(this::details);
	}

	/** Re-reads the caller's flag at auth-service first, then deletes the organization. */
	Mono<Void> delete(KonfigPrincipal caller, UUID id, String confirm) {
		caller.requirePlatformAdmin();
		return this.peers.requireStillPlatformAdmin(caller.userId()).then(this.organizations.delete(id, confirm));
	}

	/**
	 * The list item and the organization's statistics (ST-1, as its members read them). A service
	 * that could not answer one or the other is named in {@code unavailable}.
	 */
	private Mono<AdminOrganizationDetails> details(OrganizationResponse organization) {
		List<UUID> ids = List.of(organization.id());
		return Mono.zip(usages(ids), this.shops.countsOf(ids), this.stats.of(organization.id())).map(all -> {
			List<String> unavailable = new ArrayList<>();
			all.getT1().forEach((service, items) -> {
				if (items.isEmpty()) {
					unavailable.add(service);
				}
			});
			unavailable.sort(null);
			return new AdminOrganizationDetails(item(organization, all.getT1(), all.getT2()),
					all.getT3().alsoUnavailable(unavailable));
		});
	}

	/** Each service's usage items for these organizations; empty when the service could not answer. */
	private Mono<Map<String, Optional<Map<UUID, JsonNode>>>> usages(List<UUID> ids) {
		return Mono.zip(usage(PlatformPeers.AUTH, ids), usage(PRINT, ids), usage(FILE, ids))
			.map(all -> Map.of(PlatformPeers.AUTH, all.getT1(), PRINT, all.getT2(), FILE, all.getT3()));
	}

	private Mono<Optional<Map<UUID, JsonNode>>> usage(String service, List<UUID> ids) {
		if (ids.isEmpty()) {
			return Mono.just(Optional.of(Map.of()));
		}
		return this.peers.usage(service, ids).map(Optional::of).onErrorReturn(Optional.empty());
	}

	private static AdminOrganization item(OrganizationResponse organization,
			Map<String, Optional<Map<UUID, JsonNode>>> usages, Map<UUID, OrganizationShops.Counts> shops) {
		Long members = number(usages.get(PlatformPeers.AUTH), organization.id(), "members", "total");
		Long printJobs = number(usages.get(PRINT), organization.id(), "print_jobs_this_month");
		Optional<Map<UUID, JsonNode>> files = usages.get(FILE);
		Long storage = null;
		Long stored = number(files, organization.id(), "total_bytes");
		if (stored != null) {
			Long archived = number(files, organization.id(), "archived", "bytes");
			storage = stored + (archived == null ? 0 : archived);
		}
		return new AdminOrganization(organization, "active".equals(organization.status()), members,
				shops.get(organization.id()).total(), new Usage(printJobs, storage));
	}

	/**
	 * A number in one organization's usage item; {@code null} when the service could not answer,
	 * 0 when it answered without the organization (it has nothing of it).
	 */
	private static Long number(Optional<Map<UUID, JsonNode>> usage, UUID organization, String... path) {
		if (usage.isEmpty()) {
			return null;
		}
		JsonNode node = usage.get().get(organization);
		if (node == null) {
			return 0L;
		}
		for (String field : path) {
			node = node.path(field);
		}
		return node.isNumber() ? node.asLong() : null;
	}

}

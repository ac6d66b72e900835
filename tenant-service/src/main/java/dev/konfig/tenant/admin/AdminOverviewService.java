package dev.konfig.tenant.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.tenant.admin.AdminRecords.Health;
import dev.konfig.tenant.admin.AdminRecords.OrganizationCounts;
import dev.konfig.tenant.admin.AdminRecords.Overview;
import dev.konfig.tenant.admin.AdminRecords.ServiceHealth;
import dev.konfig.tenant.organization.OrganizationAdministration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The admin overview (counts from every service's {@code /internal/usage/totals}) and the suite's
 * health (every configured service's readiness), both answering 200 whatever is down.
 */
@Service
class AdminOverviewService {

	private final OrganizationAdministration organizations;

	private final PlatformPeers peers;

	private final AdminProperties properties;

	AdminOverviewService(OrganizationAdministration organizations, PlatformPeers peers, AdminProperties properties) {
		this.organizations = organizations;
		this.peers = peers;
		this.properties = properties;
	}

	Mono<Overview> overview(KonfigPrincipal caller) {
		caller.requirePlatformAdmin();
		return Mono
			.zip(this.organizations.counts(), totals(PlatformPeers.AUTH), totals(AdminOrganizationService.PRINT),
					totals(AdminOrganizationService.FILE))
			.map(all -> {
				List<String> unavailable = new ArrayList<>();
				JsonNode users = section(all.getT2(), PlatformPeers.AUTH, unavailable, "users");
				JsonNode printers = section(all.getT3(), AdminOrganizationService.PRINT, unavailable, "printers");
				JsonNode printJobs = all.getT3().map(body -> body.get("print_jobs")).orElse(null);
				JsonNode files = all.getT4().map(AdminOverviewService::files).orElse(null);
				if (files == null) {
					unavailable.add(AdminOrganizationService.FILE);
				}
				OrganizationAdministration.Counts counts = all.getT1();
				return new Overview(new OrganizationCounts(counts.total(), counts.active(), counts.inactive()), users,
						printers, printJobs, files, Instant.now(), List.copyOf(unavailable));
			});
	}

	Mono<Health> health(KonfigPrincipal caller) {
		caller.requirePlatformAdmin();
		Mono<ServiceHealth> self = Mono.just(new ServiceHealth("tenant-service", "up", Instant.now(),
				java.util.Map.of()));
		return self.concatWith(Flux.fromIterable(this.properties.healthServices())
			.filter(this.peers::configured)
			.flatMapSequential(this.peers::readiness))
			.collectList()
			.map(services -> new Health(overall(services), services));
	}

	/** All up: healthy; nothing up but this service: down; anything between: degraded. */
	static String overall(List<ServiceHealth> services) {
		long up = services.stream().filter(service -> service.status().equals("up")).count();
		if (up == services.size()) {
			return "healthy";
		}
		return (up <= 1) ? "down" : "degraded";
	}

	private Mono<Optional<JsonNode>> totals(String service) {
		return this.peers.totals(service).map(Optional::of).onErrorReturn(Optional.empty());
	}

	private static JsonNode section(Optional<JsonNode> totals, String service, List<String> unavailable, String name) {
		JsonNode section = totals.map(body -> body.get(name)).orElse(null);
		if (section == null && !unavailable.contains(service)) {
			unavailable.add(service);
		}
		return section;
	}

	/** file-service answers {@code {files, bytes, organizations_with_files}}; the overview shows count and bytes. */
	private static JsonNode files(JsonNode totals) {
		if (!totals.path("files").isNumber() || !totals.path("bytes").isNumber()) {
			return null;
		}
		ObjectNode files = JsonNodeFactory.instance.objectNode();
		files.put("count", totals.get("files").asLong());
		files.put("bytes", totals.get("bytes").asLong());
		return files;
	}

}

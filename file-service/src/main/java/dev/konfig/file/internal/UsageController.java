package dev.konfig.file.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.file.file.FileRepository;
import dev.konfig.file.file.OrganizationUsage;
import dev.konfig.file.file.StorageStats;
import dev.konfig.platform.web.OrganizationIds;
import reactor.core.publisher.Mono;

/**
 * Usage for tenant-service's organization stats (FS-17): one item per organization asked
 * about, zeros for one without files, and the totals across the suite.
 */
@RestController
@RequestMapping("/internal/usage")
class UsageController {

	static final int MAX_ORGANIZATIONS = 100;

	private final FileRepository files;

	private final OrganizationUsage usage;

	UsageController(FileRepository files, OrganizationUsage usage) {
		this.files = files;
		this.usage = usage;
	}

	@PostMapping
	Mono<Map<String, Object>> usage(@RequestBody Map<String, Object> body) {
		return Mono.fromSupplier(() -> organizations(body)).flatMap(organizations -> Mono
			.zip(this.files.countByTypeAndStatus(organizations).collectList(), this.usage.of(organizations)
				.collectMap(OrganizationUsage.Usage::organizationId))
			.map(both -> {
				Map<UUID, List<FileRepository.TypeStatusCount>> rows = both.getT1()
					.stream()
					.collect(Collectors.groupingBy(FileRepository.TypeStatusCount::organizationId));
				List<Map<String, Object>> items = new ArrayList<>();
				for (UUID organization : organizations) {
					Map<String, Object> stats = StorageStats.summary(rows.getOrDefault(organization, List.of()));
					Map<String, Object> item = new LinkedHashMap<>();
					item.put("organization_id", organization);
					item.put("total_files", stats.get("total_files"));
					item.put("total_bytes", stats.get("total_bytes"));
					item.put("by_type", stats.get("by_type"));
					item.put("archived", stats.get("archived"));
					OrganizationUsage.Usage figures = both.getT2().get(organization);
					item.put("quota_bytes", (figures != null) ? figures.quotaBytes() : this.usage.defaultQuotaBytes());
					items.add(item);
				}
				return Map.<String, Object>of("items", items);
			}));
	}

	@GetMapping("/totals")
	Mono<Map<String, Object>> totals() {
		return this.usage.totals().map(totals -> {
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("files", totals[0]);
			answer.put("bytes", totals[1]);
			answer.put("organizations_with_files", totals[2]);
			return answer;
		});
	}

	private static List<UUID> organizations(Map<String, Object> body) {
		return OrganizationIds.fromUsageBody(body, MAX_ORGANIZATIONS);
	}

}

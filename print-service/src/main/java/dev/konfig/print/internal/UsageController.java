package dev.konfig.print.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.platform.web.OrganizationIds;
import reactor.core.publisher.Mono;

/**
 * Usage for tenant-service's organization stats and admin views (spec §3.4): one item per
 * organization asked about (zeros for one without printers), and totals across the suite.
 */
@RestController
@RequestMapping("/internal/usage")
class UsageController {

	static final int MAX_ORGANIZATIONS = 100;

	private final DatabaseClient db;

	UsageController(DatabaseClient db) {
		this.db = db;
	}

	@PostMapping
	Mono<Map<String, Object>> usage(@RequestBody Map<String, Object> body) {
		return Mono.fromSupplier(() -> OrganizationIds.fromUsageBody(body, MAX_ORGANIZATIONS))
			.flatMap(organizations -> {
				UUID[] ids = organizations.toArray(UUID[]::new);
				Mono<List<Object[]>> printers = this.db
					.sql("SELECT organization_id, count(*) AS total, count(*) FILTER (WHERE is_active) AS active "
							+ "FROM printers WHERE organization_id = ANY(:ids) GROUP BY organization_id")
					.bind("ids", ids)
					.map(row -> new Object[] { row.get("organization_id", UUID.class), row.get("total", Long.class),
							row.get("active", Long.class) })
					.all()
					.collectList();
				Mono<List<Object[]>> jobs = this.db
					.sql("SELECT organization_id, status, count(*) AS total, "
							+ "count(*) FILTER (WHERE created_at >= now() - interval '30 days') AS recent, "
							+ "count(*) FILTER (WHERE created_at >= date_trunc('month', now())) AS this_month "
							+ "FROM print_jobs WHERE organization_id = ANY(:ids) GROUP BY organization_id, status")
					.bind("ids", ids)
					.map(row -> new Object[] { row.get("organization_id", UUID.class), row.get("status", String.class),
							row.get("total", Long.class), row.get("recent", Long.class), row.get("this_month", Long.class) })
					.all()
					.collectList();
				return Mono.zip(printers, jobs).map(both -> items(organizations, both.getT1(), both.getT2()));
			});
	}

	private static Map<String, Object> items(List<UUID> organizations, List<Object[]> printers, List<Object[]> jobs) {
		Map<UUID, Object[]> printerCounts = new HashMap<>();
		printers.forEach(row -> printerCounts.put((UUID) row[0], row));
		List<Map<String, Object>> items = new ArrayList<>();
		for (UUID organization : organizations) {
			Object[] counts = printerCounts.get(organization);
			Map<String, Long> byStatus = new TreeMap<>();
			long created = 0;
			long completed = 0;
			long failed = 0;
			long thisMonth = 0;
			for (Object[] row : jobs) {
				if (!organization.equals(row[0])) {
					continue;
				}
				byStatus.put((String) row[1], (Long) row[2]);
				long recent = (Long) row[3];
				created += recent;
				completed += "completed".equals(row[1]) ? recent : 0;
				failed += "failed".equals(row[1]) ? recent : 0;
				thisMonth += (Long) row[4];
			}
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("organization_id", organization);
			item.put("printer_count", counts == null ? 0L : counts[1]);
			item.put("active_printer_count", counts == null ? 0L : counts[2]);
			item.put("print_jobs", Map.of("by_status", byStatus));
			item.put("last_30_days", Map.of("created", created, "completed", completed, "failed", failed));
			item.put("print_jobs_this_month", thisMonth);
			items.add(item);
		}
		return Map.of("items", items);
	}

	@GetMapping("/totals")
	Mono<Map<String, Object>> totals() {
		return this.db.sql("SELECT (SELECT count(*) FROM printers) AS printers, "
				+ "(SELECT count(*) FROM printers WHERE is_active) AS active, "
				+ "count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'held') AS held, "
				+ "count(*) FILTER (WHERE status = 'processing') AS processing, "
				+ "count(*) FILTER (WHERE status = 'completed' AND completed_at >= date_trunc('day', now())) AS completed_today, "
				+ "count(*) FILTER (WHERE status = 'failed' AND completed_at >= date_trunc('day', now())) AS failed_today "
				+ "FROM print_jobs WHERE status IN ('pending', 'held', 'processing') OR completed_at >= date_trunc('day', now())")
			.map(row -> {
				Map<String, Object> jobs = new LinkedHashMap<>();
				jobs.put("pending", row.get("pending", Long.class));
				jobs.put("held", row.get("held", Long.class));
				jobs.put("processing", row.get("processing", Long.class));
				jobs.put("completed_today", row.get("completed_today", Long.class));
				jobs.put("failed_today", row.get("failed_today", Long.class));
				return Map.<String, Object>of("printers",
						Map.of("total", row.get("printers", Long.class), "active", row.get("active", Long.class)),
						"print_jobs", jobs);
			})
			.one();
	}

}

package dev.konfig.file.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.lang.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.konfig.file.file.FileEvents;
import dev.konfig.file.file.FileService;
import dev.konfig.file.file.OrganizationUsage;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.PlatformAdministrators;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.KeysetCursor;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/admin/files/**} for platform administrators (a user whose token carries
 * {@code platform:admin}; API keys never): every organization's usage, most bytes first, and
 * per-organization quota overrides with a {@code file.quota_changed} event.
 */
@RestController
@RequestMapping("/api/v1/admin/files")
class AdminFileController {

	private final PlatformAdministrators administrators;

	private final OrganizationUsage usage;

	private final FileEvents events;

	private final TransactionalOperator transaction;

	AdminFileController(OrganizationUsage usage, FileEvents events, TransactionalOperator transaction,
			PlatformAdministrators administrators) {
		this.administrators = administrators;
		this.usage = usage;
		this.events = events;
		this.transaction = transaction;
	}

	@GetMapping("/usage")
	Mono<Page<Map<String, Object>>> usage(@AuthenticationPrincipal KonfigPrincipal principal, PageRequest page) {
		return Mono.defer(() -> {
			principal.requirePlatformAdmin();
			Long afterUsed = null;
			UUID afterId = null;
			List<String> cursor = (page.cursor() == null) ? null : KeysetCursor.decode(page.cursor(), 2);
			if (cursor != null) {
				try {
					afterUsed = Long.parseLong(cursor.get(0));
					afterId = UUID.fromString(cursor.get(1));
				}
				catch (IllegalArgumentException ex) {
					throw KeysetCursor.invalid();
				}
			}
			return Page.from(this.usage.byUsedBytes(afterUsed, afterId, page.fetchSize()), page,
					figures -> KeysetCursor.encode(figures.usedBytes(), figures.organizationId()))
				.map(found -> found.map(AdminFileController::figures));
		});
	}

	@PutMapping("/quotas/{organizationId}")
	Mono<Map<String, Object>> setQuota(@AuthenticationPrincipal KonfigPrincipal principal,
			@PathVariable String organizationId, @RequestBody Map<String, Object> body) {
		return Mono.defer(() -> {
			principal.requirePlatformAdmin();
			UUID organization = FileService.organizationParameter(organizationId);
			Long quota = limit(body, "quota_bytes");
			Long maxFiles = limit(body, "max_files");
			for (String field : body.keySet()) {
				if (!field.equals("quota_bytes") && !field.equals("max_files")) {
					throw new BadRequestException("Only quota_bytes and max_files can be set",
							List.of(new FieldViolation(field, "is not a quota field")));
				}
			}
			if (maxFiles != null && maxFiles > Integer.MAX_VALUE) {
				throw new BadRequestException("max_files is too large",
						List.of(new FieldViolation("max_files", "must be at most " + Integer.MAX_VALUE)));
			}
			Mono<Map<String, Object>> change = this.usage.setQuota(organization, quota, maxFiles).flatMap(quotas -> {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("organization_id", organization.toString());
				data.put("before", overrides(quotas[0]));
				data.put("after", overrides(quotas[1]));
				return this.events
					.append(AuditEvent.of(organization, "file.quota_changed", "organization", organization,
							AuditEvent.SUCCESS, data))
					.thenReturn(figures(quotas[1]));
			}).as(this.transaction::transactional);
			// The token may be older than a revocation: auth-service says whether the caller still
			// is one, before the transaction takes a connection.
			return this.administrators.requireStill(principal.userId()).then(change);
		});
	}

	/** A value ≥ 0, or {@code null} for the default; 400 for anything else. */
	@Nullable
	private static Long limit(Map<String, Object> body, String field) {
		if (!body.containsKey(field)) {
			throw new BadRequestException(field + " is required (null for the default)",
					List.of(new FieldViolation(field, "is required: a whole number of 0 or more, or null")));
		}
		Object value = body.get(field);
		if (value == null) {
			return null;
		}
		if (value instanceof Number number && number.longValue() >= 0 && number.doubleValue() == number.longValue()) {
			return number.longValue();
		}
		throw new BadRequestException(field + " must be a whole number of 0 or more, or null",
				List.of(new FieldViolation(field, "must be a whole number of 0 or more, or null")));
	}

	private static Map<String, Object> overrides(OrganizationUsage.Usage usage) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("quota_bytes", usage.quotaOverride());
		values.put("max_files", usage.maxFilesOverride());
		return values;
	}

	private static Map<String, Object> figures(OrganizationUsage.Usage usage) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("organization_id", usage.organizationId());
		figures.put("used_bytes", usage.usedBytes());
		figures.put("reserved_bytes", usage.reservedBytes());
		figures.put("file_count", usage.fileCount());
		figures.put("quota_bytes", usage.quotaBytes());
		figures.put("max_files", usage.maxFiles());
		figures.put("quota_overridden", usage.quotaOverride() != null || usage.maxFilesOverride() != null);
		return figures;
	}

}

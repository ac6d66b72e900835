package dev.konfig.tenant.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import dev.konfig.tenant.organization.OrganizationResponse;
import dev.konfig.tenant.stats.StatsResponse;

/** Requests and answers of the admin endpoints. */
final class AdminRecords {

	private AdminRecords() {
	}

	/**
	 * An organization in the admin list: the organization as every API shows it, plus its
	 * members (from auth-service), its shops (counted here) and its usage (from print-service and
	 * file-service); {@code null} where the service that knows could not answer.
	 */
	record AdminOrganization(@JsonUnwrapped OrganizationResponse organization,
			@JsonProperty("is_active") boolean isActive, Long memberCount, long shopCount, Usage usage) {
	}

	record Usage(Long printJobsThisMonth, Long storageUsedBytes) {
	}

	/**
	 * One organization in detail: the list item and the organization's statistics (ST-1:
	 * {@code organization_id}, {@code generated_at}, {@code members}, {@code shops}, {@code files},
	 * {@code printers}, {@code print_jobs}, {@code unavailable}) side by side.
	 */
	record AdminOrganizationDetails(@JsonUnwrapped AdminOrganization organization,
			@JsonUnwrapped StatsResponse stats) {
	}

	/** {@code PATCH /api/v1/admin/organizations/{id}}. */
	record AdminOrganizationPatch(@JsonProperty("is_active") Boolean isActive) {
	}

	/** {@code POST /internal/organizations/lookup}. */
	record LookupRequest(@NotNull @Size(max = 500) List<@NotNull UUID> ids) {
	}

	record LookupItem(UUID id, String name, @JsonProperty("is_active") boolean isActive) {
	}

	/**
	 * The admin overview: counts the suite measures, nothing else (spec AD-7). A section is
	 * {@code null} and its service named in {@code unavailable} when that service could not answer
	 * or is not part of this deployment.
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Overview(OrganizationCounts organizations, JsonNode users, JsonNode printers, JsonNode printJobs,
			JsonNode files, Instant generatedAt, List<String> unavailable) {
	}

	record OrganizationCounts(long total, long active, long inactive) {
	}

	/** {@code GET /api/v1/admin/health}. */
	record Health(String overall, List<ServiceHealth> services) {
	}

	record ServiceHealth(String name, String status, Instant checkedAt, Map<String, Object> components) {
	}

}

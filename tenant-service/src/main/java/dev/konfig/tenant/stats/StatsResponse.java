package dev.konfig.tenant.stats;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An organization's statistics (ST-1). A section is {@code null} when the service that owns it
 * could not answer; that service is then named in {@code unavailable}.
 */
public record StatsResponse(UUID organizationId, Instant generatedAt, Object members, Object shops, Object files,
		Object printers, Object printJobs, List<String> unavailable) {

	/** The same statistics naming these services, besides its own, as unavailable. */
	public StatsResponse alsoUnavailable(List<String> services) {
		List<String> all = new java.util.ArrayList<>(this.unavailable);
		services.stream().filter(service -> !all.contains(service)).forEach(all::add);
		return new StatsResponse(this.organizationId, this.generatedAt, this.members, this.shops, this.files,
				this.printers, this.printJobs, List.copyOf(all));
	}

}

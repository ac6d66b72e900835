package dev.konfig.audit.event;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Filters of the list and the export. The ordinary API always names one organization; only the
 * platform admin's view ({@code /api/v1/admin/events}) leaves {@code organizationId} null to read
 * across every organization, events without one included.
 *
 * @param organizationId the organization whose trail is read; {@code null} for every organization
 * @param eventTypePrefix events whose type starts with this ({@code config.} or {@code config.updated})
 * @param from inclusive lower bound of {@code occurred_at}
 * @param to exclusive upper bound of {@code occurred_at}
 * @param level events of this level only ({@code null} for all)
 * @param component events whose type's first segment is this ({@code config} for {@code config.*})
 */
public record EventQuery(UUID organizationId, String eventTypePrefix, String entityType, String entityId,
		String actorId, Instant from, Instant to, Level level, String component) {

	/** An organization's query, as the ordinary API makes it. */
	EventQuery(UUID organizationId, String eventTypePrefix, String entityType, String entityId, String actorId,
			Instant from, Instant to) {
		this(organizationId, eventTypePrefix, entityType, entityId, actorId, from, to, null, null);
	}

	/** The same query over another time range (exports fill in their default range). */
	public EventQuery between(Instant since, Instant until) {
		return new EventQuery(this.organizationId, this.eventTypePrefix, this.entityType, this.entityId, this.actorId,
				since, until, this.level, this.component);
	}

	/**
	 * How serious an event reads in the admin's system log, derived from its {@code outcome}:
	 * {@code success} is info, {@code failure} error, anything else (a service's own word such as
	 * {@code denied}) a warning.
	 */
	public enum Level {

		INFO, WARNING, ERROR;

		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Level ofOutcome(String outcome) {
			return switch (outcome) {
				case "success" -> INFO;
				case "failure" -> ERROR;
				default -> WARNING;
			};
		}

	}

}

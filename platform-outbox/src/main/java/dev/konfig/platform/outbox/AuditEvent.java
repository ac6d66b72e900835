package dev.konfig.platform.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.springframework.lang.Nullable;

import dev.konfig.platform.web.RequestOrigin;

/**
 * One audit event, shaped as the architecture's contract and as audit-service's
 * {@code POST /internal/events} reads it (snake_case in JSON).
 *
 * @param id unique id; audit-service stores each id once, so redelivery is harmless
 * @param organizationId the organization the change belongs to; {@code null} when there is none
 * (a failed login for an unknown email)
 * @param occurredAt when the change happened (microsecond precision, as PostgreSQL keeps it)
 * @param eventType dotted, past tense: {@code config.updated}
 * @param entityType the kind of thing changed: {@code config}
 * @param entityId its id
 * @param actor who did it; {@code null} when nobody is authenticated
 * @param ipAddress the original client's address (first {@code X-Forwarded-For} entry)
 * @param userAgent the original client's {@code User-Agent}
 * @param requestId the request's {@code X-Request-Id}
 * @param outcome {@code success} or {@code failure} (or a service's own word)
 * @param eventData what changed, secrets already masked by the caller
 */
public record AuditEvent(UUID id, @Nullable UUID organizationId, Instant occurredAt, String eventType,
		@Nullable String entityType, @Nullable String entityId, @Nullable Actor actor, @Nullable String ipAddress,
		@Nullable String userAgent, @Nullable String requestId, String outcome, Map<String, Object> eventData) {

	public static final String SUCCESS = "success";

	public static final String FAILURE = "failure";

	public AuditEvent {
		if (id == null || occurredAt == null || eventType == null || eventType.isBlank() || outcome == null) {
			throw new IllegalArgumentException("An audit event needs an id, occurred_at, event_type and outcome");
		}
		occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
		eventData = (eventData == null) ? Map.of() : eventData;
	}

	/** A new event happening now, without request origin (see {@link #withOrigin}). */
	public static AuditEvent of(@Nullable UUID organizationId, String eventType, @Nullable String entityType,
			@Nullable Object entityId, String outcome, @Nullable Map<String, Object> eventData) {
		return new AuditEvent(UUID.randomUUID(), organizationId, Instant.now(), eventType, entityType,
				entityId == null ? null : entityId.toString(), null, null, null, null, outcome, eventData);
	}

	/** The same event with the origin's values where this one has none. */
	public AuditEvent withOrigin(RequestOrigin origin) {
		return new AuditEvent(this.id, this.organizationId, this.occurredAt, this.eventType, this.entityType,
				this.entityId, this.actor != null ? this.actor : Actor.of(origin.actor()),
				this.ipAddress != null ? this.ipAddress : origin.ipAddress(),
				this.userAgent != null ? this.userAgent : origin.userAgent(),
				this.requestId != null ? this.requestId : origin.requestId(), this.outcome, this.eventData);
	}

	/** The same event by another actor (a login: nobody was authenticated before it). */
	public AuditEvent withActor(Actor actor) {
		return new AuditEvent(this.id, this.organizationId, this.occurredAt, this.eventType, this.entityType,
				this.entityId, actor, this.ipAddress, this.userAgent, this.requestId, this.outcome, this.eventData);
	}

	/**
	 * Who acted.
	 *
	 * @param id a user id, an API key id, or a service client id
	 * @param type {@code user}, {@code api_key} or {@code service}
	 */
	public record Actor(String id, String type) {

		public static Actor user(UUID userId) {
			return new Actor(userId.toString(), "user");
		}

		/** The actor a request's origin names; {@code null} for none. */
		@Nullable
		static Actor of(@Nullable RequestOrigin.Actor actor) {
			return (actor == null) ? null : new Actor(actor.id(), actor.type());
		}

	}

}

package dev.konfig.auth.organization;

import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.AuditEvent;

/**
 * auth-service's projection of organization status ({@code organization_status}): read on every
 * login, refresh, switch and API-key exchange instead of asking tenant-service, written by
 * tenant-service's {@code organization.*} events and seeded at registration.
 * <p>
 * Events may arrive more than once and out of order: each carries the organization's version at
 * tenant-service, and a row only moves forward. A deletion is final.
 */
@Component
public class OrganizationStatuses {

	private static final String ACTIVE = "active";

	private static final String DELETED = "organization.deleted";

	private final DatabaseClient db;

	OrganizationStatuses(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * An SQL condition that holds unless the organization in the given column is known to be
	 * deactivated or deleted (API-key exchange checks it in the key's own query).
	 */
	public static String usable(String organizationIdColumn) {
		return "not exists (select 1 from organization_status s where s.organization_id = " + organizationIdColumn
				+ " and (not s.active or s.deleted))";
	}

	/** The organization as far as auth-service knows; one it has not heard of counts as active. */
	public Mono<KnownOrganization> find(UUID id) {
		return this.db.sql("select organization_id, name, active, deleted from organization_status "
				+ "where organization_id = :id")
			.bind("id", id)
			.map(OrganizationStatuses::known)
			.one()
			.defaultIfEmpty(KnownOrganization.unknown(id));
	}

	/**
	 * Registration created the organization and knows it is active and its name: recorded at once,
	 * so the new owner's session needs no event. Without a version, any event replaces it; an
	 * event that came first is kept.
	 */
	public Mono<Void> seed(UUID id, String name) {
		return this.db.sql("insert into organization_status (organization_id, name, active) values (:id, :name, true) "
				+ "on conflict (organization_id) do nothing")
			.bind("id", id)
			.bind("name", name)
			.then();
	}

	/**
	 * Applies one organization event; answers whether it changed the projection (false for a
	 * stale, repeated or unreadable one).
	 */
	Mono<Boolean> apply(AuditEvent event) {
		Map<String, Object> data = event.eventData();
		UUID id = organizationId(event, data);
		if (id == null) {
			return Mono.just(false);
		}
		boolean deleted = DELETED.equals(event.eventType());
		Long version = (data.get("version") instanceof Number number) ? number.longValue() : null;
		Object status = data.get("status");
		if (version == null || status == null) {
			if (!deleted) {
				// Written by a tenant-service from before the status column: says nothing reliable.
				return Mono.just(false);
			}
			// A deletion is final whatever its version.
			version = Long.MAX_VALUE;
		}
		return this.db.sql("insert into organization_status as s "
				+ "(organization_id, name, active, deleted, version, last_event_at) "
				+ "values (:id, :name, :active, :deleted, :version, :occurred) "
				+ "on conflict (organization_id) do update set name = coalesce(excluded.name, s.name), "
				+ "active = excluded.active, deleted = excluded.deleted, version = excluded.version, "
				+ "last_event_at = excluded.last_event_at, updated_at = now() "
				+ "where not s.deleted and (s.version is null or s.version < excluded.version)")
			.bind("id", id)
			.bind("name", Parameter.fromOrEmpty(data.get("name") instanceof String name ? name : null, String.class))
			.bind("active", !deleted && ACTIVE.equals(status))
			.bind("deleted", deleted)
			.bind("version", version)
			.bind("occurred", event.occurredAt())
			.fetch()
			.rowsUpdated()
			.map(rows -> rows > 0);
	}

	/** The organization an event is about: its {@code id} field, else its organization. */
	static UUID organizationId(AuditEvent event, Map<String, Object> data) {
		if (data.get("id") instanceof String id) {
			try {
				return UUID.fromString(id);
			}
			catch (IllegalArgumentException notAnId) {
				return null;
			}
		}
		return event.organizationId();
	}

	private static KnownOrganization known(Readable row) {
		return new KnownOrganization(row.get("organization_id", UUID.class), row.get("name", String.class),
				Boolean.TRUE.equals(row.get("active", Boolean.class)),
				Boolean.TRUE.equals(row.get("deleted", Boolean.class)));
	}

}

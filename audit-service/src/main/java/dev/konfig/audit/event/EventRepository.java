package dev.konfig.audit.event;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import dev.konfig.audit.system.AuditProperties;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads of the {@code events} table: within one organization, or across all of them for the
 * platform admin's view (a query without an organization).
 */
@Repository
class EventRepository {

	private static final String COLUMNS = "id, organization_id, sequence, occurred_at, recorded_at, event_type, "
			+ "entity_type, entity_id, actor_id, actor_type, ip_address, user_agent, request_id, outcome, "
			+ "event_data::text AS event_data, hash";

	private final DatabaseClient db;

	private final AuditProperties properties;

	EventRepository(DatabaseClient db, AuditProperties properties) {
		this.db = db;
		this.properties = properties;
	}

	Mono<StoredEvent> find(UUID organizationId, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM events WHERE organization_id = :organization AND id = :id")
			.bind("organization", organizationId)
			.bind("id", id)
			.map(EventRepository::event)
			.one();
	}

	/** A page newest first, after the cursor when there is one. */
	Flux<StoredEvent> page(EventQuery query, EventCursor after, int limit) {
		return select(query, after, "ORDER BY occurred_at DESC, id DESC LIMIT " + limit);
	}

	/**
	 * Every matching event, oldest first, fetched {@code fetch-size} rows at a time: the
	 * driver asks for the next rows only when the subscriber (the response) wants them.
	 */
	Flux<StoredEvent> stream(EventQuery query) {
		return select(query, null, "ORDER BY occurred_at, id");
	}

	private Flux<StoredEvent> select(EventQuery query, EventCursor after, String order) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE true");
		if (query.organizationId() != null) {
			sql.append(" AND organization_id = :organization");
		}
		if (query.eventTypePrefix() != null) {
			sql.append(" AND event_type LIKE :eventType ESCAPE '\\'");
		}
		if (query.component() != null) {
			sql.append(" AND event_type LIKE :component ESCAPE '\\'");
		}
		if (query.level() != null) {
			sql.append(switch (query.level()) {
				case INFO -> " AND outcome = 'success'";
				case ERROR -> " AND outcome = 'failure'";
				case WARNING -> " AND outcome NOT IN ('success', 'failure')";
			});
		}
		if (query.entityType() != null) {
			sql.append(" AND entity_type = :entityType");
		}
		if (query.entityId() != null) {
			sql.append(" AND entity_id = :entityId");
		}
		if (query.actorId() != null) {
			sql.append(" AND actor_id = :actorId");
		}
		if (query.from() != null) {
			sql.append(" AND occurred_at >= :from");
		}
		if (query.to() != null) {
			sql.append(" AND occurred_at < :to");
		}
		if (after != null) {
			sql.append(" AND (occurred_at, id) < (:afterTime, :afterId)");
		}
		sql.append(' ').append(order);
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString())
			.filter(statement -> statement.fetchSize(this.properties.fetchSize()));
		if (query.organizationId() != null) {
			spec = spec.bind("organization", query.organizationId());
		}
		if (query.eventTypePrefix() != null) {
			spec = spec.bind("eventType", likePrefix(query.eventTypePrefix()));
		}
		if (query.component() != null) {
			spec = spec.bind("component", likePrefix(query.component() + "."));
		}
		if (query.entityType() != null) {
			spec = spec.bind("entityType", query.entityType());
		}
		if (query.entityId() != null) {
			spec = spec.bind("entityId", query.entityId());
		}
		if (query.actorId() != null) {
			spec = spec.bind("actorId", query.actorId());
		}
		if (query.from() != null) {
			spec = spec.bind("from", query.from());
		}
		if (query.to() != null) {
			spec = spec.bind("to", query.to());
		}
		if (after != null) {
			spec = spec.bind("afterTime", after.occurredAt()).bind("afterId", after.id());
		}
		return spec.map(EventRepository::event).all();
	}

	static String likePrefix(String prefix) {
		return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	private static StoredEvent event(Readable row) {
		return new StoredEvent(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("sequence", Long.class), row.get("occurred_at", Instant.class),
				row.get("recorded_at", Instant.class), row.get("event_type", String.class),
				row.get("entity_type", String.class), row.get("entity_id", String.class),
				row.get("actor_id", String.class), row.get("actor_type", String.class),
				row.get("ip_address", String.class), row.get("user_agent", String.class),
				row.get("request_id", String.class), row.get("outcome", String.class),
				row.get("event_data", String.class), row.get("hash", String.class));
	}

}

package dev.konfig.platform.outbox;

import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;

import dev.konfig.platform.web.RequestOrigin;

import reactor.core.publisher.Mono;

/**
 * Writes events to the service's own {@code outbox} table, with their type and organization;
 * the relay delivers each to every subscriber interested in its type (audit-service takes all).
 * <p>
 * <strong>Call {@link #append} inside the transaction of the change it describes</strong>
 * ({@code TransactionalOperator#transactional} or a {@code @Transactional} reactive method,
 * on the same {@code ConnectionFactory}): {@code DatabaseClient} joins that transaction, so the
 * event commits with the change or not at all. The same statement issues
 * {@code pg_notify('outbox', <schema>)}; PostgreSQL delivers notifications only on commit,
 * which wakes the relays right after it.
 * <p>
 * Events of one organization reach each subscriber in the order they were appended. Append
 * after the change's own writes (which take its row locks), so two conflicting changes append
 * in the order they commit.
 */
public class Outbox {

	/** The channel every relay listens on; the payload is the schema whose outbox has news. */
	public static final String CHANNEL = "outbox";

	// The payload's shape is audit-service's contract, whatever naming the service uses itself.
	static final JsonMapper JSON = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private static final String APPEND = "WITH appended AS (INSERT INTO outbox (id, payload, event_type, organization_id) "
			+ "VALUES (:id, :payload, :type, :org) RETURNING id) "
			+ "SELECT pg_notify('" + CHANNEL + "', current_schema()) FROM appended";

	private final DatabaseClient db;

	public Outbox(DatabaseClient db) {
		this.db = db;
	}

	/** Appends the event as it is. */
	public Mono<Void> append(AuditEvent event) {
		return Mono.fromCallable(() -> Json.of(JSON.writeValueAsString(event)))
			.flatMap(payload -> this.db.sql(APPEND)
				.bind("id", event.id())
				.bind("payload", payload)
				.bind("type", event.eventType())
				.bind("org", Parameter.fromOrEmpty(event.organizationId(), UUID.class))
				.fetch()
				.all()
				.then());
	}

	/**
	 * Appends the event after filling its actor, client address, user agent and request id
	 * from the current request where it has none (see {@link RequestOrigin}).
	 */
	public Mono<Void> appendFromRequest(AuditEvent event) {
		return RequestOrigin.current().map(event::withOrigin).flatMap(this::append);
	}

	static String json(AuditEvent event) {
		return JSON.writeValueAsString(event);
	}

}

package dev.konfig.platform.outbox;

import java.util.List;

/**
 * The one source of the event backbone's tables. A service that publishes events carries every
 * step of {@link #MIGRATIONS}, in order, as Flyway migrations of its own schema named
 * {@code V<n>__<step name>.sql} and holding exactly the step's SQL; a service that consumes
 * events carries {@link #CONSUMED_EVENTS} as {@code V<n>__consumed_events.sql}. A drift guard in
 * this library's tests compares every service's migrations with these constants.
 * <p>
 * Migrations are never edited once released: a change of shape is a new step appended here
 * (expand now, contract in a later step), copied into each publishing service.
 */
public final class OutboxTable {

	/**
	 * One migration step.
	 *
	 * @param name the part of the file name after {@code V<n>__}, without {@code .sql}
	 * @param sql the file's exact content
	 */
	public record Step(String name, String sql) {
	}

	/** The original outbox: one row per event, delivered to audit-service only. */
	public static final Step OUTBOX = new Step("outbox", """
			CREATE TABLE outbox (
			    id              uuid        PRIMARY KEY,
			    payload         jsonb       NOT NULL,
			    created_at      timestamptz NOT NULL DEFAULT now(),
			    attempts        int         NOT NULL DEFAULT 0,
			    next_attempt_at timestamptz NOT NULL DEFAULT now(),
			    delivered_at    timestamptz
			);
			CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
			""");

	/**
	 * The outbox as the event backbone (expand only, so replicas of the previous version keep
	 * working during a rolling upgrade): each row gets its type, organization and a position
	 * ({@code seq}, the order of events per organization); {@code fanned_out} says whether the
	 * relay has created its deliveries yet, one per interested subscriber, each with its own
	 * attempts, backoff and delivery time. Rows pending at the upgrade are fanned out by the
	 * relay like new ones, so nothing waiting is lost; rows already delivered are not sent
	 * again. {@code outbox.attempts} and {@code next_attempt_at} are no longer used (a later step
	 * drops them); {@code outbox.delivered_at} now means "every interested subscriber has it".
	 */
	public static final Step EVENTS = new Step("outbox_events", """
			ALTER TABLE outbox
			    ADD COLUMN event_type      text,
			    ADD COLUMN organization_id uuid,
			    ADD COLUMN seq             bigint,
			    ADD COLUMN fanned_out      boolean NOT NULL DEFAULT false;
			CREATE SEQUENCE outbox_seq OWNED BY outbox.seq;
			UPDATE outbox
			SET event_type = payload->>'event_type',
			    organization_id = CAST(payload->>'organization_id' AS uuid),
			    fanned_out = (delivered_at IS NOT NULL),
			    seq = ordered.n
			FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM outbox) ordered
			WHERE outbox.id = ordered.id;
			SELECT setval('outbox_seq', COALESCE((SELECT max(seq) FROM outbox), 0) + 1, false);
			ALTER TABLE outbox
			    ALTER COLUMN seq SET DEFAULT nextval('outbox_seq'),
			    ALTER COLUMN seq SET NOT NULL;
			CREATE INDEX outbox_unfanned ON outbox (seq) WHERE NOT fanned_out;
			CREATE TABLE outbox_deliveries (
			    subscriber      text        NOT NULL,
			    event_id        uuid        NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
			    seq             bigint      NOT NULL,
			    organization_id uuid        NOT NULL,
			    attempts        int         NOT NULL DEFAULT 0,
			    next_attempt_at timestamptz NOT NULL DEFAULT now(),
			    delivered_at    timestamptz,
			    PRIMARY KEY (subscriber, event_id)
			);
			CREATE INDEX outbox_deliveries_pending ON outbox_deliveries (subscriber, seq) WHERE delivered_at IS NULL;
			CREATE INDEX outbox_deliveries_pending_per_organization
			    ON outbox_deliveries (subscriber, organization_id, seq) WHERE delivered_at IS NULL;
			CREATE INDEX outbox_deliveries_event ON outbox_deliveries (event_id) WHERE delivered_at IS NULL;
			""");

	/** Every step of a publishing service's outbox, in order. */
	public static final List<Step> MIGRATIONS = List.of(OUTBOX, EVENTS);

	/**
	 * The whole current shape at once, for tests that create an outbox in a schema of their
	 * own; services use the steps.
	 */
	public static final String DDL = OUTBOX.sql() + EVENTS.sql();

	/**
	 * The ids of the events a consuming service has applied, recorded in the transaction that
	 * applies them, so a redelivered event is recognised and skipped.
	 */
	public static final Step CONSUMED_EVENTS = new Step("consumed_events", """
			CREATE TABLE consumed_events (
			    event_id    uuid        PRIMARY KEY,
			    event_type  text        NOT NULL,
			    consumed_at timestamptz NOT NULL DEFAULT now()
			);
			""");

	private OutboxTable() {
	}

}

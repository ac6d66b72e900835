package dev.konfig.platform.outbox;

/**
 * The table every service that records events creates in its own schema, with a Flyway
 * migration holding exactly {@link #DDL}. Pending rows have {@code delivered_at} null; the
 * partial index keeps the relay's claim query cheap however many delivered rows remain.
 */
public final class OutboxTable {

	public static final String DDL = """
			CREATE TABLE outbox (
			    id              uuid        PRIMARY KEY,
			    payload         jsonb       NOT NULL,
			    created_at      timestamptz NOT NULL DEFAULT now(),
			    attempts        int         NOT NULL DEFAULT 0,
			    next_attempt_at timestamptz NOT NULL DEFAULT now(),
			    delivered_at    timestamptz
			);
			CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE delivered_at IS NULL;
			""";

	private OutboxTable() {
	}

}

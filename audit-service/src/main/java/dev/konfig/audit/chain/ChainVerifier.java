package dev.konfig.audit.chain;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.audit.system.AuditProperties;
import reactor.core.publisher.Mono;

/**
 * Recomputes an organization's chain over a range of {@code occurred_at}, in chain order,
 * streaming the rows. Each event's previous link is read by sequence even when it lies outside
 * the range, so a range can be checked without the whole chain, and a deleted event shows as
 * a missing link. A changed event fails its own hash; a changed event whose hash was also
 * recomputed fails the next event's hash, which covers the original.
 */
@Component
public class ChainVerifier {

	private static final String SQL = "SELECT e.id, e.organization_id, e.sequence, e.occurred_at, e.event_type, "
			+ "e.entity_type, e.entity_id, e.actor_id, e.actor_type, e.ip_address, e.user_agent, e.request_id, "
			+ "e.outcome, e.event_data::text AS event_data, e.hash, p.hash AS previous_hash "
			+ "FROM events e LEFT JOIN events p ON p.organization_id = e.organization_id AND p.sequence = e.sequence - 1 "
			+ "WHERE e.organization_id = :organization AND e.occurred_at >= :from AND e.occurred_at < :to "
			+ "ORDER BY e.sequence";

	private final DatabaseClient db;

	private final AuditProperties properties;

	ChainVerifier(DatabaseClient db, AuditProperties properties) {
		this.db = db;
		this.properties = properties;
	}

	public Mono<Verification> verify(UUID organizationId, Instant from, Instant to) {
		return this.db.sql(SQL)
			.filter(statement -> statement.fetchSize(this.properties.fetchSize()))
			.bind("organization", organizationId)
			.bind("from", from)
			.bind("to", to)
			.map(ChainVerifier::check)
			.all()
			.takeUntil(link -> link != null && link.broken() != null)
			.reduce(new Verification(true, 0, null),
					(result, link) -> new Verification(link.broken() == null, result.checked() + 1, link.broken()));
	}

	private static Link check(Readable row) {
		UUID id = row.get("id", UUID.class);
		long sequence = row.get("sequence", Long.class);
		String previous = row.get("previous_hash", String.class);
		if (previous == null) {
			if (sequence != 1) {
				return new Link(new Verification.BrokenLink(id, sequence,
						"the event before it in the chain (sequence " + (sequence - 1) + ") is missing"));
			}
			previous = ChainHash.GENESIS;
		}
		String recomputed = ChainHash.of(id, row.get("organization_id", UUID.class), sequence,
				row.get("occurred_at", Instant.class), row.get("event_type", String.class),
				row.get("entity_type", String.class), row.get("entity_id", String.class),
				row.get("actor_id", String.class), row.get("actor_type", String.class),
				row.get("ip_address", String.class), row.get("user_agent", String.class),
				row.get("request_id", String.class), row.get("outcome", String.class),
				row.get("event_data", String.class), previous);
		if (!recomputed.equals(row.get("hash", String.class))) {
			return new Link(new Verification.BrokenLink(id, sequence,
					"the stored hash does not match the event's content and the previous event's hash"));
		}
		return new Link(null);
	}

	private record Link(Verification.BrokenLink broken) {
	}

}

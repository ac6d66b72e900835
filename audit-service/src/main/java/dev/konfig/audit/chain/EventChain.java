package dev.konfig.audit.chain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Appends events to their organizations' chains, exactly once per id. One transaction per
 * call: for each organization (in id order, so two batches never wait on each other in a
 * cycle) it takes a transaction-scoped advisory lock, reads the chain's head, and inserts the
 * new events after it. Concurrent batches of one organization therefore queue on the lock and
 * each sees the head the previous one committed. The lock uses PostgreSQL's two-key space
 * with a class of its own, apart from other services' per-organization locks.
 */
@Component
public class EventChain {

	// "audt" in ASCII: the advisory lock class of audit chains.
	private static final int LOCK_CLASS = 0x61756474;

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	EventChain(DatabaseClient db, TransactionalOperator transactions) {
		this.db = db;
		this.transactions = transactions;
	}

	/** Stores the events not stored yet; the number stored (duplicates are skipped silently). */
	public Mono<Integer> append(List<NewEvent> events) {
		Map<UUID, List<NewEvent>> byOrganization = new TreeMap<>();
		events.forEach(event -> byOrganization.computeIfAbsent(event.organizationId(), id -> new ArrayList<>())
			.add(event));
		Mono<Integer> stored = Flux.fromIterable(byOrganization.entrySet())
			.concatMap(chain -> appendToChain(chain.getKey(), chain.getValue()))
			.reduce(0, Integer::sum);
		return this.transactions.transactional(stored);
	}

	private Mono<Integer> appendToChain(UUID organizationId, List<NewEvent> events) {
		return this.db.sql("SELECT pg_advisory_xact_lock(:class, hashtext(CAST(:organization AS text)))")
			.bind("class", LOCK_CLASS)
			.bind("organization", organizationId)
			.fetch()
			.all()
			// Everything after the lock: what is known and what the head is must not change under us.
			.then(Mono.defer(() -> head(organizationId)))
			.flatMap(head -> canonicalize(events).map(canonical -> link(head, events, canonical)))
			.flatMap(links -> insert(organizationId, links));
	}

	private Mono<Head> head(UUID organizationId) {
		return this.db
			.sql("SELECT sequence, hash FROM events WHERE organization_id = :organization "
					+ "ORDER BY sequence DESC LIMIT 1")
			.bind("organization", organizationId)
			.map(row -> new Head(row.get("sequence", Long.class), row.get("hash", String.class)))
			.one()
			.defaultIfEmpty(new Head(0, ChainHash.GENESIS));
	}

	/**
	 * One round trip for the whole batch: what {@code jsonb} makes of each event's data (the
	 * text that is hashed and later verified), and whether its id is stored already.
	 */
	private Mono<List<Canonical>> canonicalize(List<NewEvent> events) {
		return this.db
			.sql("SELECT CAST(t.data AS jsonb)::text AS data, EXISTS (SELECT 1 FROM events e WHERE e.id = t.id) AS known "
					+ "FROM unnest(CAST(:data AS text[]), CAST(:ids AS uuid[])) WITH ORDINALITY AS t(data, id, position) "
					+ "ORDER BY t.position")
			.bind("data", events.stream().map(NewEvent::eventData).toArray(String[]::new))
			.bind("ids", events.stream().map(NewEvent::id).toArray(UUID[]::new))
			.map(row -> new Canonical(row.get("data", String.class), Boolean.TRUE.equals(row.get("known", Boolean.class))))
			.all()
			.collectList();
	}

	/** The new links after the head, in batch order; known ids and repeats in the batch are left out. */
	private static List<Link> link(Head head, List<NewEvent> events, List<Canonical> canonical) {
		List<Link> links = new ArrayList<>();
		Set<UUID> seen = new HashSet<>();
		long sequence = head.sequence;
		String previous = head.hash;
		for (int i = 0; i < events.size(); i++) {
			NewEvent event = events.get(i);
			if (canonical.get(i).known() || !seen.add(event.id())) {
				continue;
			}
			sequence++;
			String hash = ChainHash.of(event, sequence, canonical.get(i).data(), previous);
			links.add(new Link(event, sequence, canonical.get(i).data(), hash));
			previous = hash;
		}
		return links;
	}

	/**
	 * Inserts the links in one statement. An id that appeared meanwhile (the same event in a
	 * concurrent batch of another organization) would leave a gap in the chain, so it fails
	 * the whole batch instead; the relay retries and then finds the id known.
	 */
	private Mono<Integer> insert(UUID organizationId, List<Link> links) {
		if (links.isEmpty()) {
			return Mono.just(0);
		}
		return this.db.sql("INSERT INTO events (id, organization_id, sequence, occurred_at, event_type, entity_type, "
				+ "entity_id, actor_id, actor_type, ip_address, user_agent, request_id, outcome, event_data, hash) "
				+ "SELECT t.id, :organization, t.sequence, CAST(t.occurred_at AS timestamptz), t.event_type, "
				+ "t.entity_type, t.entity_id, t.actor_id, t.actor_type, t.ip_address, t.user_agent, t.request_id, "
				+ "t.outcome, CAST(t.event_data AS jsonb), t.hash FROM unnest(CAST(:ids AS uuid[]), "
				+ "CAST(:sequences AS bigint[]), CAST(:occurredAt AS text[]), CAST(:eventTypes AS text[]), "
				+ "CAST(:entityTypes AS text[]), CAST(:entityIds AS text[]), CAST(:actorIds AS text[]), "
				+ "CAST(:actorTypes AS text[]), CAST(:ips AS text[]), CAST(:userAgents AS text[]), "
				+ "CAST(:requestIds AS text[]), CAST(:outcomes AS text[]), CAST(:data AS text[]), "
				+ "CAST(:hashes AS text[])) AS t(id, sequence, occurred_at, event_type, entity_type, entity_id, "
				+ "actor_id, actor_type, ip_address, user_agent, request_id, outcome, event_data, hash) "
				+ "ON CONFLICT (id) DO NOTHING")
			.bind("organization", organizationId)
			.bind("ids", links.stream().map(link -> link.event().id()).toArray(UUID[]::new))
			.bind("sequences", links.stream().map(Link::sequence).toArray(Long[]::new))
			.bind("occurredAt", texts(links, event -> event.occurredAt().toString()))
			.bind("eventTypes", texts(links, NewEvent::eventType))
			.bind("entityTypes", texts(links, NewEvent::entityType))
			.bind("entityIds", texts(links, NewEvent::entityId))
			.bind("actorIds", texts(links, NewEvent::actorId))
			.bind("actorTypes", texts(links, NewEvent::actorType))
			.bind("ips", texts(links, NewEvent::ipAddress))
			.bind("userAgents", texts(links, NewEvent::userAgent))
			.bind("requestIds", texts(links, NewEvent::requestId))
			.bind("outcomes", texts(links, NewEvent::outcome))
			.bind("data", links.stream().map(Link::data).toArray(String[]::new))
			.bind("hashes", links.stream().map(Link::hash).toArray(String[]::new))
			.fetch()
			.rowsUpdated()
			.flatMap(inserted -> (inserted == links.size()) ? Mono.just(links.size())
					: Mono.error(new IllegalStateException("An event id of this batch was stored concurrently")));
	}

	private static String[] texts(List<Link> links, Function<NewEvent, String> field) {
		return links.stream().map(link -> field.apply(link.event())).toArray(String[]::new);
	}

	private record Head(long sequence, String hash) {
	}

	private record Canonical(String data, boolean known) {
	}

	private record Link(NewEvent event, long sequence, String data, String hash) {
	}

}

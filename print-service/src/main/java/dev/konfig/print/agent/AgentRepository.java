package dev.konfig.print.agent;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** SQL over {@code print_agents}. */
@Repository
class AgentRepository {

	private static final String COLUMNS = "id, organization_id, api_key_id, name, hostname, version, "
			+ "declared_printer_ids, allowed_printer_ids, enabled, last_seen_at, created_at, updated_at";

	private final DatabaseClient db;

	AgentRepository(DatabaseClient db) {
		this.db = db;
	}

	/** The agent of this key, created on its first call; the flag says whether it was. */
	Mono<Registered> upsert(UUID organizationId, String apiKeyId, String name, @Nullable String hostname,
			@Nullable String version, @Nullable List<UUID> declared, boolean describe) {
		String update = describe
				? "name = EXCLUDED.name, hostname = EXCLUDED.hostname, version = EXCLUDED.version, "
						+ "declared_printer_ids = EXCLUDED.declared_printer_ids, "
				: "";
		return this.db.sql("INSERT INTO print_agents (id, organization_id, api_key_id, name, hostname, version, "
				+ "declared_printer_ids) VALUES (:id, :org, :key, :name, :hostname, :version, :declared) "
				+ "ON CONFLICT (api_key_id) DO UPDATE SET " + update + "last_seen_at = now(), updated_at = now() "
				+ "WHERE print_agents.organization_id = EXCLUDED.organization_id RETURNING " + COLUMNS
				+ ", (xmax = 0) AS inserted")
			.bind("id", UUID.randomUUID())
			.bind("org", organizationId)
			.bind("key", apiKeyId)
			.bind("name", name)
			.bind("hostname", Parameter.fromOrEmpty(hostname, String.class))
			.bind("version", Parameter.fromOrEmpty(version, String.class))
			.bind("declared", (declared == null ? List.<UUID>of() : declared).toArray(UUID[]::new))
			.map(row -> new Registered(agent(row), Boolean.TRUE.equals(row.get("inserted", Boolean.class))))
			.one();
	}

	record Registered(Agent agent, boolean created) {
	}

	Mono<Agent> find(UUID organizationId, UUID id, boolean forUpdate) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM print_agents WHERE id = :id AND organization_id = :org"
					+ (forUpdate ? " FOR UPDATE" : ""))
			.bind("id", id)
			.bind("org", organizationId)
			.map(AgentRepository::agent)
			.one();
	}

	Flux<Agent> all(UUID organizationId) {
		return this.db.sql("SELECT " + COLUMNS + " FROM print_agents WHERE organization_id = :org ORDER BY lower(name), id")
			.bind("org", organizationId)
			.map(AgentRepository::agent)
			.all();
	}

	Mono<Agent> update(Agent agent) {
		return this.db.sql("UPDATE print_agents SET name = :name, enabled = :enabled, allowed_printer_ids = :allowed, "
				+ "row_version = row_version + 1, updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
			.bind("id", agent.id())
			.bind("name", agent.name())
			.bind("enabled", agent.enabled())
			.bind("allowed", Parameter.fromOrEmpty(
					agent.allowedPrinterIds() == null ? null : agent.allowedPrinterIds().toArray(UUID[]::new), UUID[].class))
			.map(AgentRepository::agent)
			.one();
	}

	Mono<Agent> delete(UUID organizationId, UUID id) {
		return this.db.sql("DELETE FROM print_agents WHERE id = :id AND organization_id = :org RETURNING " + COLUMNS)
			.bind("id", id)
			.bind("org", organizationId)
			.map(AgentRepository::agent)
			.one();
	}

	/** How many of these ids are printers of the organization. */
	Mono<Long> printersOf(UUID organizationId, List<UUID> ids) {
		return this.db.sql("SELECT count(*) AS n FROM printers WHERE organization_id = :org AND id = ANY(:ids)")
			.bind("org", organizationId)
			.bind("ids", ids.toArray(UUID[]::new))
			.map(row -> row.get("n", Long.class))
			.one();
	}

	private static Agent agent(Readable row) {
		UUID[] declared = row.get("declared_printer_ids", UUID[].class);
		UUID[] allowed = row.get("allowed_printer_ids", UUID[].class);
		return new Agent(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("api_key_id", String.class), row.get("name", String.class), row.get("hostname", String.class),
				row.get("version", String.class), declared == null ? List.of() : Arrays.asList(declared),
				allowed == null ? null : Arrays.asList(allowed), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
				row.get("last_seen_at", Instant.class), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class));
	}

}

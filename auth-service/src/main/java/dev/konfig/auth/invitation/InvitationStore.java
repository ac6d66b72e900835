package dev.konfig.auth.invitation;

import java.time.Instant;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.KeysetCursor;

/**
 * SQL over {@code auth.invitations}. An invitation is open while neither accepted nor revoked;
 * every change of state is one conditional UPDATE, so two concurrent accepts, or an accept and a
 * revoke, cannot both succeed.
 */
@Component
class InvitationStore {

	private static final String COLUMNS = "i.id, i.organization_id, i.email, i.role, i.invited_by, i.created_at, "
			+ "i.expires_at, i.accepted_at, i.accepted_by, i.revoked_at, " + InvitationStatus.COLUMN;

	private static final String OPEN = "i.accepted_at is null and i.revoked_at is null";

	private final DatabaseClient db;

	InvitationStore(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(UUID id, UUID organizationId, String email, Role role, String tokenHash, UUID invitedBy,
			Instant expiresAt) {
		return this.db
			.sql("insert into invitations (id, organization_id, email, role, token_hash, invited_by, expires_at) "
					+ "values (:id, :org, :email, :role, :hash, :by, :expires)")
			.bind("id", id)
			.bind("org", organizationId)
			.bind("email", email)
			.bind("role", role.claim())
			.bind("hash", tokenHash)
			.bind("by", invitedBy)
			.bind("expires", expiresAt)
			.then();
	}

	/**
	 * Revokes the open invitation of this address if it has expired, so a new one can take its
	 * place (one open invitation per address and organization).
	 */
	Mono<Void> revokeExpired(UUID organizationId, String email) {
		return this.db
			.sql("update invitations i set revoked_at = now() where i.organization_id = :org "
					+ "and lower(i.email) = :email and " + OPEN + " and i.expires_at <= now()")
			.bind("org", organizationId)
			.bind("email", email)
			.then();
	}

	Mono<InvitationRecord> find(UUID organizationId, UUID id) {
		return this.db.sql("select " + COLUMNS + " from invitations i where i.organization_id = :org and i.id = :id")
			.bind("org", organizationId)
			.bind("id", id)
			.map(InvitationStore::invitation)
			.one();
	}

	Mono<InvitationRecord> findByTokenHash(String tokenHash) {
		return this.db.sql("select " + COLUMNS + " from invitations i where i.token_hash = :hash")
			.bind("hash", tokenHash)
			.map(InvitationStore::invitation)
			.one();
	}

	/** One page, newest first, after {@code after} when given. */
	Flux<InvitationRecord> page(UUID organizationId, @Nullable InvitationStatus status,
			@Nullable KeysetCursor.TimeAndId after, int limit) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from invitations i where i.organization_id = :org");
		if (status != null) {
			sql.append(" and ").append(status.condition);
		}
		if (after != null) {
			sql.append(" and (i.created_at, i.id) < (:after_at, :after_id)");
		}
		sql.append(" order by i.created_at desc, i.id desc limit :limit");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString())
			.bind("org", organizationId)
			.bind("limit", limit);
		if (after != null) {
			spec = spec.bind("after_at", after.time()).bind("after_id", after.id());
		}
		return spec.map(InvitationStore::invitation).all();
	}

	/** Revokes an open invitation (expired or not); empty when there is none to revoke. */
	Mono<InvitationRecord> revoke(UUID organizationId, UUID id) {
		return changeOpen(organizationId, id, "revoked_at = now()", spec -> spec);
	}

	/** A new token and expiry for an open invitation; the old token stops working with the commit. */
	Mono<InvitationRecord> renew(UUID organizationId, UUID id, String tokenHash, Instant expiresAt) {
		return changeOpen(organizationId, id, "token_hash = :hash, expires_at = :expires",
				spec -> spec.bind("hash", tokenHash).bind("expires", expiresAt));
	}

	/** Marks a pending (open and unexpired) invitation accepted; empty when it no longer is. */
	Mono<InvitationRecord> accept(UUID id, UUID userId) {
		return this.db
			.sql("update invitations i set accepted_at = now(), accepted_by = :user where i.id = :id and " + OPEN
					+ " and i.expires_at > now() returning " + COLUMNS.replace(InvitationStatus.COLUMN, "'accepted' as status"))
			.bind("id", id)
			.bind("user", userId)
			.map(InvitationStore::invitation)
			.one();
	}

	private Mono<InvitationRecord> changeOpen(UUID organizationId, UUID id, String assignments,
			java.util.function.UnaryOperator<DatabaseClient.GenericExecuteSpec> binds) {
		return binds
			.apply(this.db.sql("update invitations i set " + assignments + " where i.organization_id = :org and i.id = :id and "
					+ OPEN + " returning " + COLUMNS)
				.bind("org", organizationId)
				.bind("id", id))
			.map(InvitationStore::invitation)
			.one();
	}

	private static InvitationRecord invitation(Readable row) {
		return new InvitationRecord(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("email", String.class), Role.fromClaim(row.get("role", String.class)),
				row.get("invited_by", UUID.class), row.get("created_at", Instant.class),
				row.get("expires_at", Instant.class), row.get("accepted_at", Instant.class),
				row.get("accepted_by", UUID.class), row.get("revoked_at", Instant.class),
				row.get("status", String.class));
	}

}

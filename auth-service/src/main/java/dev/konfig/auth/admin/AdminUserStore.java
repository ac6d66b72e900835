package dev.konfig.auth.admin;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import dev.konfig.auth.admin.AdminUserRecords.MembershipRow;
import dev.konfig.auth.admin.AdminUserRecords.UserFilter;
import dev.konfig.auth.admin.AdminUserRecords.UserRow;
import dev.konfig.auth.admin.AdminUserRecords.UserTotals;

/** SQL of the admin users view, across every organization. */
@Repository
class AdminUserStore {

	private static final String COLUMNS = "u.id, u.email, u.full_name, u.created_at, u.last_login_at, u.suspended_at, "
			+ "u.is_platform_admin, lower(u.email) as email_key";

	private final DatabaseClient db;

	AdminUserStore(DatabaseClient db) {
		this.db = db;
	}

	/** A page in (lower(email), id) order, after the cursor when there is one. */
	Flux<UserRow> page(UserFilter filter, AdminUserCursor after, int limit) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from users u where true");
		if (filter.q() != null) {
			sql.append(" and (lower(u.email) like :q escape '\\' or lower(u.full_name) like :q escape '\\')");
		}
		if (filter.organizationId() != null) {
			sql.append(" and exists (select 1 from memberships m where m.user_id = u.id and m.organization_id = :org)");
		}
		switch (filter.status()) {
			case ACTIVE -> sql.append(" and u.suspended_at is null");
			case SUSPENDED -> sql.append(" and u.suspended_at is not null");
			case ALL -> {
			}
		}
		if (filter.platformAdmin() != null) {
			sql.append(" and u.is_platform_admin = :admin");
		}
		if (after != null) {
			sql.append(" and (lower(u.email), u.id) > (:afterEmail, :afterId)");
		}
		sql.append(" order by lower(u.email), u.id limit :limit");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString()).bind("limit", limit);
		if (filter.q() != null) {
			spec = spec.bind("q", "%" + likeEscaped(filter.q().toLowerCase(Locale.ROOT)) + "%");
		}
		if (filter.organizationId() != null) {
			spec = spec.bind("org", filter.organizationId());
		}
		if (filter.platformAdmin() != null) {
			spec = spec.bind("admin", filter.platformAdmin());
		}
		if (after != null) {
			spec = spec.bind("afterEmail", after.email()).bind("afterId", after.id());
		}
		return spec.map(AdminUserStore::user).all();
	}

	Mono<UserRow> find(UUID id) {
		return this.db.sql("select " + COLUMNS + " from users u where u.id = :id")
			.bind("id", id)
			.map(AdminUserStore::user)
			.one();
	}

	/** The row, locked until the caller's transaction ends, so two admins' changes serialise. */
	Mono<UserRow> findForUpdate(UUID id) {
		return this.db.sql("select " + COLUMNS + " from users u where u.id = :id for update")
			.bind("id", id)
			.map(AdminUserStore::user)
			.one();
	}

	/** The memberships of these users, oldest first per user. */
	Flux<MembershipRow> memberships(Collection<UUID> userIds) {
		if (userIds.isEmpty()) {
			return Flux.empty();
		}
		return this.db
			.sql("select user_id, organization_id, role, is_active from memberships where user_id = any(:users) "
					+ "order by user_id, created_at, organization_id")
			.bind("users", userIds.toArray(UUID[]::new))
			.map(row -> new MembershipRow(row.get("user_id", UUID.class), row.get("organization_id", UUID.class),
					row.get("role", String.class), Boolean.TRUE.equals(row.get("is_active", Boolean.class))))
			.all();
	}

	Mono<Void> setSuspended(UUID id, boolean suspended) {
		return this.db
			.sql("update users set suspended_at = " + (suspended ? "now()" : "null") + ", updated_at = now() where id = :id")
			.bind("id", id)
			.then();
	}

	Mono<Void> setPlatformAdmin(UUID id, boolean admin) {
		return this.db.sql("update users set is_platform_admin = :admin, updated_at = now() where id = :id")
			.bind("id", id)
			.bind("admin", admin)
			.then();
	}

	/**
	 * Ends every session of the user: each refresh-token family's live token is revoked, so the
	 * next refresh is refused and only access tokens already issued (at most 15 minutes) remain.
	 * Answers how many families were live.
	 */
	Mono<Long> revokeRefreshTokens(UUID userId) {
		return this.db
			.sql("update refresh_tokens set status = 'revoked' where user_id = :user and status <> 'revoked' "
					+ "returning family_id")
			.bind("user", userId)
			.map(row -> row.get("family_id", UUID.class))
			.all()
			.distinct()
			.count();
	}

	Mono<UserTotals> totals() {
		return this.db
			.sql("select count(*) as total, count(suspended_at) as suspended, "
					+ "count(*) filter (where is_platform_admin) as platform_admins from users")
			.map(row -> new UserTotals(row.get("total", Long.class), row.get("suspended", Long.class),
					row.get("platform_admins", Long.class)))
			.one();
	}

	static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static UserRow user(Readable row) {
		return new UserRow(row.get("id", UUID.class), row.get("email", String.class),
				row.get("full_name", String.class), row.get("created_at", Instant.class),
				row.get("last_login_at", Instant.class), row.get("suspended_at", Instant.class), Boolean.TRUE.equals(row.get("is_platform_admin", Boolean.class)),
				row.get("email_key", String.class));
	}


}

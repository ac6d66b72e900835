package dev.konfig.auth.user;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.KeysetCursor;

/** SQL over users and memberships. Emails are unique case-insensitively (lower(email) index). */
@Component
public class UserStore {

	private static final String USER_COLUMNS = "u.id, u.email, u.password_hash, u.full_name, u.created_at, u.updated_at, u.last_login_at";

	private static final String MEMBERSHIP_COLUMNS = "m.user_id, m.organization_id, m.role, m.is_active, m.created_at as m_created_at";

	private final DatabaseClient db;

	UserStore(DatabaseClient db) {
		this.db = db;
	}

	public Mono<UserRecord> findByEmail(String email) {
		return this.db.sql("select " + USER_COLUMNS + " from users u where lower(u.email) = :email")
			.bind("email", email.toLowerCase(Locale.ROOT))
			.map(UserStore::user)
			.one();
	}

	public Mono<UserRecord> findById(UUID id) {
		return this.db.sql("select " + USER_COLUMNS + " from users u where u.id = :id")
			.bind("id", id)
			.map(UserStore::user)
			.one();
	}

	public Mono<Boolean> emailTaken(String email) {
		return findByEmail(email).hasElement();
	}

	public Mono<Void> insertUser(UserRecord user) {
		return this.db
			.sql("insert into users (id, email, password_hash, full_name, created_at, updated_at) "
					+ "values (:id, :email, :hash, :name, now(), now())")
			.bind("id", user.id())
			.bind("email", user.email())
			.bind("hash", user.passwordHash())
			.bind("name", user.fullName())
			.then();
	}

	/** Adds a membership; an existing one is left as it is (idempotent). Answers whether a row was added. */
	public Mono<Boolean> insertMembership(UUID userId, UUID organizationId, Role role) {
		return this.db
			.sql("insert into memberships (user_id, organization_id, role) values (:user, :org, :role) "
					+ "on conflict (user_id, organization_id) do nothing")
			.bind("user", userId)
			.bind("org", organizationId)
			.bind("role", role.claim())
			.fetch()
			.rowsUpdated()
			.map(rows -> rows > 0);
	}

	/** A user's memberships, oldest first. */
	public Flux<MembershipRecord> memberships(UUID userId) {
		return this.db
			.sql("select " + MEMBERSHIP_COLUMNS + " from memberships m where m.user_id = :user "
					+ "order by m.created_at, m.organization_id")
			.bind("user", userId)
			.map(UserStore::membership)
			.all();
	}

	public Mono<MembershipRecord> membership(UUID userId, UUID organizationId) {
		return this.db
			.sql("select " + MEMBERSHIP_COLUMNS + " from memberships m where m.user_id = :user and m.organization_id = :org")
			.bind("user", userId)
			.bind("org", organizationId)
			.map(UserStore::membership)
			.one();
	}

	public Mono<Member> member(UUID organizationId, UUID userId) {
		return this.db
			.sql("select " + USER_COLUMNS + ", " + MEMBERSHIP_COLUMNS
					+ " from memberships m join users u on u.id = m.user_id where m.organization_id = :org and m.user_id = :user")
			.bind("org", organizationId)
			.bind("user", userId)
			.map(row -> new Member(user(row), membership(row)))
			.one();
	}

	/**
	 * One page of an organization's members in the order they joined ({@code joined_at, user_id}),
	 * after the position {@code after} when given, narrowed by the filter.
	 */
	Flux<Member> members(UUID organizationId, MemberFilter filter, KeysetCursor.TimeAndId after, int limit) {
		StringBuilder sql = new StringBuilder("select " + USER_COLUMNS + ", " + MEMBERSHIP_COLUMNS
				+ " from memberships m join users u on u.id = m.user_id where m.organization_id = :org");
		if (filter.role() != null) {
			sql.append(" and m.role = :role");
		}
		if (filter.active() != null) {
			sql.append(" and m.is_active = :active");
		}
		if (filter.text() != null) {
			sql.append(" and (lower(u.email) like :text escape '\\' or lower(u.full_name) like :text escape '\\')");
		}
		if (after != null) {
			sql.append(" and (m.created_at, m.user_id) > (:after_at, :after_id)");
		}
		sql.append(" order by m.created_at, m.user_id limit :limit");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString())
			.bind("org", organizationId)
			.bind("limit", limit);
		if (filter.role() != null) {
			spec = spec.bind("role", filter.role().claim());
		}
		if (filter.active() != null) {
			spec = spec.bind("active", filter.active());
		}
		if (filter.text() != null) {
			spec = spec.bind("text", "%" + likeEscaped(filter.text().toLowerCase(Locale.ROOT)) + "%");
		}
		if (after != null) {
			spec = spec.bind("after_at", after.time()).bind("after_id", after.id());
		}
		return spec.map(row -> new Member(user(row), membership(row))).all();
	}

	/** {@code text} for a LIKE pattern that matches it literally (escape character: backslash). */
	static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/** Records a successful login (in the login's transaction). */
	public Mono<Void> recordLogin(UUID userId) {
		return this.db.sql("update users set last_login_at = now() where id = :id").bind("id", userId).then();
	}

	/** Replaces a hash only if it is still {@code expected} (a concurrent login may have upgraded it). */
	public Mono<Void> replacePasswordHash(UUID id, String expected, String replacement) {
		return this.db.sql("update users set password_hash = :replacement where id = :id and password_hash = :expected")
			.bind("id", id)
			.bind("expected", expected)
			.bind("replacement", replacement)
			.then();
	}

	public Mono<Void> updateUser(UUID id, String fullName, String passwordHash) {
		return this.db
			.sql("update users set full_name = coalesce(:name, full_name), "
					+ "password_hash = coalesce(:hash, password_hash), updated_at = now() where id = :id")
			.bind("id", id)
			.bind("name", io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.VARCHAR, fullName))
			.bind("hash", io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.VARCHAR, passwordHash))
			.then();
	}

	public Mono<Void> updateMembership(UUID organizationId, UUID userId, Role role, Boolean active) {
		return this.db
			.sql("update memberships set role = coalesce(:role, role), is_active = coalesce(:active, is_active), "
					+ "updated_at = now() where organization_id = :org and user_id = :user")
			.bind("org", organizationId)
			.bind("user", userId)
			.bind("role", io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.VARCHAR, role != null ? role.claim() : null))
			.bind("active", io.r2dbc.spi.Parameters.in(io.r2dbc.spi.R2dbcType.BOOLEAN, active))
			.then();
	}

	public Mono<Void> deleteMembership(UUID organizationId, UUID userId) {
		return this.db.sql("delete from memberships where organization_id = :org and user_id = :user")
			.bind("org", organizationId)
			.bind("user", userId)
			.then();
	}

	/** Deletes the user when no membership is left. */
	public Mono<Void> deleteIfOrphan(UUID userId) {
		return this.db
			.sql("delete from users u where u.id = :user and not exists (select 1 from memberships m where m.user_id = u.id)")
			.bind("user", userId)
			.then();
	}

	/**
	 * Serialises owner changes of one organization (transaction-scoped advisory lock), so two
	 * concurrent demotions cannot both pass the last-owner check.
	 */
	public Mono<Void> lockOrganization(UUID organizationId) {
		return this.db.sql("select pg_advisory_xact_lock(hashtextextended(:org, 0))")
			.bind("org", organizationId.toString())
			.then();
	}

	/**
	 * The caller's membership as it is now, read after taking the organization's lock inside the
	 * caller's transaction, so a concurrent demotion or removal (which takes the same lock) is
	 * either wholly before this read or waits for the caller's change to commit.
	 */
	public Mono<MembershipRecord> lockedMembership(UUID userId, UUID organizationId) {
		return lockOrganization(organizationId).then(membership(userId, organizationId));
	}

	/**
	 * Revokes the keys this user created in the organization (when they lose the right to create
	 * them) and answers what was revoked, for the events.
	 */
	public Flux<RevokedKey> revokeKeysCreatedBy(UUID organizationId, UUID userId) {
		return this.db
			.sql("update api_keys set revoked_at = now() where organization_id = :org and created_by = :user "
					+ "and revoked_at is null returning id, name, prefix, scopes")
			.bind("org", organizationId)
			.bind("user", userId)
			.map(row -> new RevokedKey(row.get("id", UUID.class), row.get("name", String.class),
					row.get("prefix", String.class), row.get("scopes", String.class)))
			.all();
	}

	/** An API key revoked because its creator lost the right to create it. */
	public record RevokedKey(UUID id, String name, String prefix, String scopes) {
	}

	public Mono<Long> activeOwners(UUID organizationId) {
		return this.db
			.sql("select count(*) from memberships where organization_id = :org and role = 'owner' and is_active")
			.bind("org", organizationId)
			.map(row -> row.get(0, Long.class))
			.one();
	}

	static UserRecord user(Readable row) {
		return new UserRecord(row.get("id", UUID.class), row.get("email", String.class),
				row.get("password_hash", String.class), row.get("full_name", String.class),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class),
				row.get("last_login_at", Instant.class));
	}

	static MembershipRecord membership(Readable row) {
		return new MembershipRecord(row.get("user_id", UUID.class), row.get("organization_id", UUID.class),
				Role.fromClaim(row.get("role", String.class)), Boolean.TRUE.equals(row.get("is_active", Boolean.class)),
				row.get("m_created_at", Instant.class));
	}

	/** A user together with the membership of the organization asked about. */
	public record Member(UserRecord user, MembershipRecord membership) {

		public UserResponse response() {
			return UserResponse.of(this.user, this.membership);
		}

	}

}

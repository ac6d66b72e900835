package dev.konfig.auth.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;

/**
 * What sessions need to know about a user's standing on the platform: whether the account is
 * suspended (no tokens at all) and whether it is a platform administrator (its access tokens
 * carry {@code platform:admin}). Read from {@code users} on every token issue, so a grant,
 * revocation or suspension shows in the next login, refresh or switch.
 */
@Component
public class PlatformAccess {

	static final String GRANTED = "user.platform_admin_granted";

	private final DatabaseClient db;

	private final PlatformAdminProperties properties;

	private final Outbox outbox;

	PlatformAccess(DatabaseClient db, PlatformAdminProperties properties, Outbox outbox) {
		this.db = db;
		this.properties = properties;
		this.outbox = outbox;
	}

	/** The user's standing now; an unknown user has none (no admin, not suspended). */
	public Mono<Standing> standing(UUID userId) {
		return this.db.sql("select is_platform_admin, suspended_at is not null as suspended from users where id = :id")
			.bind("id", userId)
			.map(row -> new Standing(Boolean.TRUE.equals(row.get("is_platform_admin", Boolean.class)),
					Boolean.TRUE.equals(row.get("suspended", Boolean.class))))
			.one()
			.defaultIfEmpty(Standing.NONE);
	}

	/**
	 * Sets the flag of a user whose email the configuration lists, once (idempotent: only the
	 * statement that changes the row writes the event). Runs in the caller's transaction
	 * (registration, login).
	 */
	public Mono<Void> applyConfigured(UUID userId, String email) {
		if (!this.properties.listed(email)) {
			return Mono.empty();
		}
		return this.db
			.sql("update users set is_platform_admin = true, updated_at = now() where id = :id and not is_platform_admin "
					+ "returning id, email")
			.bind("id", userId)
			.map(row -> row.get("email", String.class))
			.all()
			.concatMap(granted -> this.outbox.appendFromRequest(configuredGrant(userId, granted)))
			.then();
	}

	static AuditEvent configuredGrant(UUID userId, String email) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("email", email);
		data.put("via", "configuration");
		return AuditEvent.of(null, GRANTED, "user", userId, AuditEvent.SUCCESS, data);
	}

	/**
	 * A user's standing on the platform.
	 *
	 * @param platformAdmin the flag is set
	 * @param suspended the account is suspended: no tokens are issued
	 */
	public record Standing(boolean platformAdmin, boolean suspended) {

		static final Standing NONE = new Standing(false, false);

	}

}

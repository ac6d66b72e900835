package dev.konfig.auth.session;

import dev.konfig.platform.security.OpaqueSecrets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.system.AuthProperties;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;

/**
 * Opaque refresh tokens (256 random bits), stored only as SHA-256 hashes, single use. Each
 * login starts a family; presenting a token that was already rotated means it leaked, so the
 * whole family is revoked.
 */
@Component
class RefreshTokens {

	private final DatabaseClient db;

	private final AuthProperties properties;

	private final Clock clock;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	RefreshTokens(DatabaseClient db, AuthProperties properties, Clock clock, TransactionalOperator tx, Outbox outbox) {
		this.db = db;
		this.properties = properties;
		this.clock = clock;
		this.tx = tx;
		this.outbox = outbox;
	}

	/** A new token in {@code family} (a new family when null); answers the raw token. */
	Mono<String> issue(UUID userId, UUID organizationId, UUID family) {
		String raw = OpaqueSecrets.generate("");
		Instant expires = this.clock.instant().plus(this.properties.refreshTokenTtl());
		return this.db
			.sql("insert into refresh_tokens (id, token_hash, family_id, user_id, organization_id, status, expires_at) "
					+ "values (:id, :hash, :family, :user, :org, 'active', :expires)")
			.bind("id", UUID.randomUUID())
			.bind("hash", OpaqueSecrets.sha256(raw))
			.bind("family", (family != null) ? family : UUID.randomUUID())
			.bind("user", userId)
			.bind("org", organizationId)
			.bind("expires", expires)
			.then()
			.thenReturn(raw);
	}

	/**
	 * Uses the token up in one atomic statement, so of two concurrent refreshes exactly one
	 * wins; empty when the token is not active (then {@link #refuse} answers). The caller runs
	 * this in the transaction that issues the new tokens, so a refresh that fails later leaves
	 * the token as it was.
	 */
	Mono<Rotated> rotate(String raw) {
		String hash = OpaqueSecrets.sha256(raw);
		return this.db
			.sql("update refresh_tokens set status = 'rotated' where token_hash = :hash and status = 'active' "
					+ "and expires_at > now() returning family_id, user_id, organization_id")
			.bind("hash", hash)
			.map(row -> new Rotated(row.get("family_id", UUID.class), row.get("user_id", UUID.class),
					row.get("organization_id", UUID.class)))
			.one();
	}

	/**
	 * The answer to a token that could not be rotated, in a transaction of its own (the
	 * refresh's rolled back or found nothing): a reused (rotated) token revokes its family.
	 */
	<T> Mono<T> refuse(String raw) {
		return revokeIfReused(OpaqueSecrets.sha256(raw)).then(Mono.error(new InvalidRefreshTokenException()));
	}

	/** Revokes the token's whole family (logout); unknown tokens are ignored. */
	Mono<Void> revokeFamily(String raw) {
		return this.db
			.sql("update refresh_tokens set status = 'revoked' where family_id = "
					+ "(select family_id from refresh_tokens where token_hash = :hash) and status <> 'revoked'")
			.bind("hash", OpaqueSecrets.sha256(raw))
			.then();
	}

	Mono<Void> revokeFamily(UUID family) {
		return this.db.sql("update refresh_tokens set status = 'revoked' where family_id = :family and status <> 'revoked'")
			.bind("family", family)
			.then();
	}

	/**
	 * Taking the reused token out of 'rotated' first is atomic, so of several concurrent reuses
	 * exactly one revokes the family and records the event; both commit together.
	 */
	private Mono<Void> revokeIfReused(String hash) {
		Mono<Void> revoke = this.db
			.sql("update refresh_tokens set status = 'revoked' where token_hash = :hash and status = 'rotated' "
					+ "returning family_id, user_id, organization_id")
			.bind("hash", hash)
			.map(row -> new Rotated(row.get("family_id", UUID.class), row.get("user_id", UUID.class),
					row.get("organization_id", UUID.class)))
			.one()
			.flatMap(reused -> revokeFamily(reused.family())
				.then(this.outbox.appendFromRequest(AuditEvent.of(reused.organizationId(),
						"auth.refresh_reuse_detected", "user", reused.userId(), AuditEvent.FAILURE,
						Map.of("family_id", reused.family().toString(), "family_revoked", true)))));
		return this.tx.transactional(revoke);
	}

	/** The session a used-up token belonged to. */
	record Rotated(UUID family, UUID userId, UUID organizationId) {
	}

}

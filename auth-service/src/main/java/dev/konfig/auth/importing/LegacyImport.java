package dev.konfig.auth.importing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.apikey.ApiKeyScopes;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.auth.user.Passwords;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.web.ConflictException;

/**
 * Writes imported users, memberships and API keys, each item in one transaction with its
 * audit event ({@code user.imported}, {@code api_key.imported}, marked with their source).
 * The kept id makes a second run find the item and change nothing.
 */
@Service
class LegacyImport {

	/** {@code created_by} of a key whose creator konfig did not record. */
	static final UUID NOBODY = new UUID(0, 0);

	/** The print back office's source name, as the importer sends it. */
	static final String PRINTSHOP = "printshop";

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	private final AuthProperties properties;

	LegacyImport(DatabaseClient db, TransactionalOperator tx, Outbox outbox, AuthProperties properties) {
		this.db = db;
		this.tx = tx;
		this.outbox = outbox;
		this.properties = properties;
	}

	Mono<ImportRecords.ImportResult> user(ImportRecords.ImportedUser user, boolean dryRun) {
		String fullName = (user.fullName() == null || user.fullName().isBlank()) ? user.email() : user.fullName().trim();
		Mono<ImportRecords.ImportResult> work = this.db
			.sql("insert into users (id, email, password_hash, full_name, created_at, updated_at) "
					+ "values (:id, :email, :hash, :name, coalesce(:created, now()), now()) on conflict do nothing")
			.bind("id", user.id())
			.bind("email", user.email().trim())
			.bind("hash", passwordScheme(user.source()) + user.passwordHash())
			.bind("name", fullName)
			.bind("created", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE, user.createdAt()))
			.fetch()
			.rowsUpdated()
			.flatMap(rows -> rows > 0 ? memberships(user).then(userImported(user))
					.thenReturn(new ImportRecords.ImportResult(user.id(), ImportRecords.ImportResult.IMPORTED))
					: alreadyThere(user));
		return inTransaction(work, dryRun);
	}

	/**
	 * How the source hashed passwords: konfig's bcrypt over base64(SHA-256), or the print back
	 * office's (passlib) bcrypt of the password itself.
	 */
	static String passwordScheme(String source) {
		return PRINTSHOP.equals(source) ? Passwords.BCRYPT_SCHEME : Passwords.KONFIG_SCHEME;
	}

	/**
	 * The same id with the same email is the same user (a second run) and is left as it is: a
	 * membership removed in the suite since is not brought back. Anything else is a conflict.
	 */
	private Mono<ImportRecords.ImportResult> alreadyThere(ImportRecords.ImportedUser user) {
		return this.db.sql("select email from users where id = :id")
			.bind("id", user.id())
			.map(row -> row.get("email", String.class))
			.one()
			.flatMap(email -> email.equalsIgnoreCase(user.email().trim())
					? Mono.just(new ImportRecords.ImportResult(user.id(), ImportRecords.ImportResult.ALREADY_THERE))
					: Mono.<ImportRecords.ImportResult>error(
							new ConflictException("The user id " + user.id() + " belongs to another email")))
			.switchIfEmpty(Mono.error(() -> new ConflictException(
					"The email " + user.email() + " belongs to another user of the suite")));
	}

	/** The imported user's memberships (a membership already there is left as it is). */
	private Mono<Void> memberships(ImportRecords.ImportedUser user) {
		return Flux.fromIterable(user.memberships())
			.concatMap(membership -> this.db
				.sql("insert into memberships (user_id, organization_id, role, is_active) "
						+ "values (:user, :org, :role, :active) on conflict (user_id, organization_id) do nothing")
				.bind("user", user.id())
				.bind("org", membership.organizationId())
				.bind("role", membership.role())
				.bind("active", membership.isActive())
				.then())
			.then();
	}

	private Mono<Void> userImported(ImportRecords.ImportedUser user) {
		return Flux.fromIterable(user.memberships()).concatMap(membership -> {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("imported_from", user.source());
			data.put("email", user.email());
			data.put("role", membership.role());
			data.put("is_active", membership.isActive());
			return this.outbox.appendFromRequest(AuditEvent.of(membership.organizationId(), "user.imported", "user",
					user.id(), AuditEvent.SUCCESS, data));
		}).then();
	}

	Mono<ImportRecords.ImportResult> apiKey(ImportRecords.ImportedApiKey key, boolean dryRun) {
		Set<String> scopes = ApiKeyScopes.parse(key.scopes().toLowerCase(Locale.ROOT), this.properties.allowedScopes());
		Instant revokedAt = key.isActive() ? null : Instant.now();
		Mono<ImportRecords.ImportResult> work = this.db
			.sql("insert into api_keys (id, organization_id, created_by, name, prefix, key_hash, scopes, created_at, "
					+ "expires_at, last_used_at, revoked_at) values (:id, :org, :by, :name, :prefix, :hash, :scopes, "
					+ "coalesce(:created, now()), :expires, :used, :revoked) on conflict do nothing")
			.bind("id", key.id())
			.bind("org", key.organizationId())
			.bind("by", key.createdBy() != null ? key.createdBy() : NOBODY)
			.bind("name", key.name().trim())
			.bind("prefix", key.prefix())
			.bind("hash", ApiKeyScopes.KONFIG_KEY_SCHEME + key.keyHash())
			.bind("scopes", String.join(",", scopes))
			.bind("created", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE, key.createdAt()))
			.bind("expires", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE, key.expiresAt()))
			.bind("used", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE, key.lastUsedAt()))
			.bind("revoked", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE, revokedAt))
			.fetch()
			.rowsUpdated()
			.flatMap(rows -> rows > 0 ? apiKeyImported(key, scopes)
				.thenReturn(new ImportRecords.ImportResult(key.id(), ImportRecords.ImportResult.IMPORTED))
					: this.db.sql("select organization_id from api_keys where id = :id")
						.bind("id", key.id())
						.map(row -> row.get("organization_id", UUID.class))
						.one()
						.filter(key.organizationId()::equals)
						.map(same -> new ImportRecords.ImportResult(key.id(), ImportRecords.ImportResult.ALREADY_THERE))
						.switchIfEmpty(Mono.error(() -> new ConflictException(
								"The API key id " + key.id() + " belongs to another organization"))));
		return inTransaction(work, dryRun);
	}

	/** One transaction per item; a dry run rolls it back whatever happened. */
	private Mono<ImportRecords.ImportResult> inTransaction(Mono<ImportRecords.ImportResult> work, boolean dryRun) {
		return this.tx.execute(status -> {
			if (dryRun) {
				status.setRollbackOnly();
			}
			return work;
		}).single();
	}

	private Mono<Void> apiKeyImported(ImportRecords.ImportedApiKey key, Set<String> scopes) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("imported_from", key.source());
		data.put("name", key.name());
		data.put("prefix", key.prefix());
		data.put("scopes", List.copyOf(scopes));
		data.put("is_active", key.isActive());
		if (key.expiresAt() != null) {
			data.put("expires_at", key.expiresAt().toString());
		}
		return this.outbox.appendFromRequest(
				AuditEvent.of(key.organizationId(), "api_key.imported", "api_key", key.id(), AuditEvent.SUCCESS, data));
	}

}

package dev.konfig.auth.apikey;

import dev.konfig.platform.security.OpaqueSecrets;
import dev.konfig.platform.web.KeysetCursor;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.konfig.auth.key.AccessTokens;
import dev.konfig.auth.organization.OrganizationStatuses;
import dev.konfig.auth.system.AuthProperties;
import dev.konfig.auth.user.MembershipRecord;
import dev.konfig.auth.user.Passwords;
import dev.konfig.auth.user.UserStore;
import dev.konfig.platform.outbox.AuditEvent;
import dev.konfig.platform.outbox.Outbox;
import dev.konfig.platform.security.KonfigPrincipal;
import dev.konfig.platform.security.Role;
import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.ForbiddenException;
import dev.konfig.platform.web.Page;
import dev.konfig.platform.web.PageRequest;
import dev.konfig.platform.web.SecretMask;

/**
 * API keys of an organization. Only the SHA-256 of a key is stored (plus a display prefix);
 * the key itself is shown once, at creation.
 */
@Service
class ApiKeyService {

	static final String KEY_PREFIX = "konfig_";

	private static final int DISPLAY_PREFIX_LENGTH = 12;

	private static final String COLUMNS = "id, organization_id, name, prefix, scopes, created_at, expires_at, last_used_at, revoked_at";

	private static final String KONFIG_SCHEME = ApiKeyScopes.KONFIG_KEY_SCHEME;

	private static final String USABLE_KEY = "revoked_at is null and (expires_at is null or expires_at > now()) and "
			+ OrganizationStatuses.usable("api_keys.organization_id");

	/** Verifies keys imported from konfig (see {@link #legacyKey}). */
	private final BCryptPasswordEncoder legacy = new BCryptPasswordEncoder();

	private final DatabaseClient db;

	private final AccessTokens tokens;

	private final AuthProperties properties;

	private final Clock clock;

	private final TransactionalOperator tx;

	private final Outbox outbox;

	private final UserStore users;

	ApiKeyService(DatabaseClient db, AccessTokens tokens, AuthProperties properties, Clock clock,
			TransactionalOperator tx, Outbox outbox, UserStore users) {
		this.users = users;
		this.db = db;
		this.tokens = tokens;
		this.properties = properties;
		this.clock = clock;
		this.tx = tx;
		this.outbox = outbox;
	}

	Mono<ApiKeyRecords.ApiKeyResponse> create(KonfigPrincipal caller, ApiKeyRecords.CreateApiKeyRequest request) {
		UUID organization = manager(caller);
		Set<String> requested = ApiKeyScopes.parse(request.scopes(), this.properties.allowedScopes());
		String scopes = String.join(",", requested);
		if (request.expiresAt() != null && !request.expiresAt().isAfter(this.clock.instant())) {
			throw new BadRequestException("expires_at must be in the future");
		}
		String raw = OpaqueSecrets.generate(KEY_PREFIX);
		UUID id = UUID.randomUUID();
		Mono<ApiKeyRecords.ApiKeyResponse> created = currentRole(caller, organization)
			.doOnNext(role -> ApiKeyScopes.requireGrantable(requested, role))
			.then(this.db
			.sql("insert into api_keys (id, organization_id, created_by, name, prefix, key_hash, scopes, expires_at) "
					+ "values (:id, :org, :by, :name, :prefix, :hash, :scopes, :expires)")
			.bind("id", id)
			.bind("org", organization)
			.bind("by", caller.userId())
			.bind("name", request.name().trim())
			.bind("prefix", raw.substring(0, DISPLAY_PREFIX_LENGTH))
			.bind("hash", OpaqueSecrets.sha256(raw))
			.bind("scopes", scopes)
			.bind("expires", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE, request.expiresAt()))
			.then())
			.then(find(organization, id))
			.flatMap(key -> this.outbox
				.appendFromRequest(AuditEvent.of(organization, "api_key.created", "api_key", id, AuditEvent.SUCCESS,
						described(key, true)))
				.thenReturn(key));
		return this.tx.transactional(created).map(key -> key.withKey(raw));
	}

	Mono<Page<ApiKeyRecords.ApiKeyResponse>> list(KonfigPrincipal caller, PageRequest request) {
		UUID organization = manager(caller);
		UUID after = request.after(KeysetCursor::decodeId);
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("select " + COLUMNS + " from api_keys where organization_id = :org"
					+ (after != null ? " and id > :after" : "") + " order by id limit :limit")
			.bind("org", organization)
			.bind("limit", request.fetchSize());
		if (after != null) {
			spec = spec.bind("after", after);
		}
		return Page.from(spec.map(ApiKeyService::response).all(), request, key -> KeysetCursor.encode(key.id()));
	}

	Mono<ApiKeyRecords.ApiKeyResponse> get(KonfigPrincipal caller, UUID id) {
		return find(manager(caller), id);
	}

	Mono<Void> revoke(KonfigPrincipal caller, UUID id) {
		UUID organization = manager(caller);
		// Revoking a revoked key changes nothing and records nothing.
		return this.tx.transactional(currentRole(caller, organization).then(find(organization, id)).flatMap(key -> this.db
			.sql("update api_keys set revoked_at = now() where id = :id and organization_id = :org and revoked_at is null")
			.bind("id", id)
			.bind("org", organization)
			.fetch()
			.rowsUpdated()
			.flatMap(rows -> (rows == 0) ? Mono.<Void>empty()
					: this.outbox.appendFromRequest(AuditEvent.of(organization, "api_key.revoked", "api_key", id,
							AuditEvent.SUCCESS, described(key, false))))));
	}

	/** The key as an event shows it: its display prefix, never the key. */
	private static Map<String, Object> described(ApiKeyRecords.ApiKeyResponse key, boolean created) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("name", key.name());
		data.put("prefix", key.prefix());
		data.put("scopes", key.scopes());
		if (key.expiresAt() != null) {
			data.put("expires_at", key.expiresAt().toString());
		}
		if (created) {
			data.put("key", SecretMask.VALUE);
		}
		return data;
	}

	/**
	 * A short-lived access token for a valid key of a usable organization (as the local status
	 * projection knows it: no call to tenant-service); last_used_at moves at most once a minute.
	 */
	Mono<ApiKeyRecords.ExchangeResponse> exchange(String raw) {
		if (!raw.startsWith(KEY_PREFIX)) {
			return Mono.error(new InvalidApiKeyException());
		}
		return this.db
			.sql("select id, organization_id, scopes, last_used_at from api_keys where key_hash = :hash and "
					+ USABLE_KEY)
			.bind("hash", OpaqueSecrets.sha256(raw))
			.map(ApiKeyService::storedKey)
			.one()
			.switchIfEmpty(Mono.defer(() -> legacyKey(raw)))
			.switchIfEmpty(Mono.error(InvalidApiKeyException::new))
			.flatMap(key -> touch(key)
				.then(this.tokens.apiKey(key.id(), key.organizationId(), key.scopes().replace(',', ' '),
						this.properties.apiKeyTokenTtl())))
			.map(token -> new ApiKeyRecords.ExchangeResponse(token, "bearer",
					this.properties.apiKeyTokenTtl().toSeconds()));
	}

	private static ApiKeyRecords.StoredKey storedKey(Readable row) {
		return new ApiKeyRecords.StoredKey(row.get("id", UUID.class), row.get("organization_id", UUID.class),
				row.get("scopes", String.class), row.get("last_used_at", Instant.class));
	}

	/**
	 * A key imported from konfig: candidates by prefix (read whole first), verified with bcrypt
	 * off the event loop; the match's hash becomes the suite's SHA-256, so the next use is a
	 * plain lookup.
	 */
	private Mono<ApiKeyRecords.StoredKey> legacyKey(String raw) {
		if (raw.length() < DISPLAY_PREFIX_LENGTH) {
			return Mono.empty();
		}
		record Candidate(ApiKeyRecords.StoredKey key, String hash) {
		}
		return this.db
			.sql("select id, organization_id, scopes, last_used_at, key_hash from api_keys where prefix = :prefix "
					+ "and starts_with(key_hash, :scheme) and " + USABLE_KEY)
			.bind("prefix", raw.substring(0, DISPLAY_PREFIX_LENGTH))
			.bind("scheme", KONFIG_SCHEME)
			.map(row -> new Candidate(storedKey(row), row.get("key_hash", String.class)))
			.all()
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap(candidate -> Mono
				.fromCallable(() -> legacyMatches(raw, candidate.hash().substring(KONFIG_SCHEME.length())))
				.subscribeOn(Schedulers.boundedElastic())
				.filter(Boolean::booleanValue)
				.map(matched -> candidate))
			.next()
			.flatMap(candidate -> this.db
				.sql("update api_keys set key_hash = :hash where id = :id and key_hash = :legacy")
				.bind("hash", OpaqueSecrets.sha256(raw))
				.bind("id", candidate.key().id())
				.bind("legacy", candidate.hash())
				.then()
				.thenReturn(candidate.key()));
	}

	/**
	 * konfig's code hashed keys as it hashed passwords, bcrypt over base64(SHA-256(key)); its
	 * documentation speaks of a bcrypt of the key itself. Either form is accepted.
	 */
	private boolean legacyMatches(String raw, String bcrypt) {
		return this.legacy.matches(Passwords.konfigPrehash(raw), bcrypt) || this.legacy.matches(raw, bcrypt);
	}

	private Mono<Void> touch(ApiKeyRecords.StoredKey key) {
		if (key.lastUsedAt() != null && key.lastUsedAt().isAfter(this.clock.instant().minusSeconds(60))) {
			return Mono.empty();
		}
		return this.db
			.sql("update api_keys set last_used_at = now() where id = :id "
					+ "and (last_used_at is null or last_used_at < now() - interval '1 minute')")
			.bind("id", key.id())
			.then();
	}

	private Mono<ApiKeyRecords.ApiKeyResponse> find(UUID organization, UUID id) {
		return this.db.sql("select " + COLUMNS + " from api_keys where id = :id and organization_id = :org")
			.bind("id", id)
			.bind("org", organization)
			.map(ApiKeyService::response)
			.one()
			.switchIfEmpty(Mono.error(ApiKeyNotFoundException::new));
	}

	/**
	 * The caller's role as auth-service knows it now, not as the token (up to 15 minutes old)
	 * says: read under the organization's lock in the caller's transaction, so an admin demoted,
	 * deactivated or removed cannot create or revoke a key with the token they still hold, even
	 * racing the change.
	 */
	private Mono<Role> currentRole(KonfigPrincipal caller, UUID organization) {
		return this.users.lockedMembership(caller.userId(), organization)
			.filter(membership -> membership.active() && membership.role().atLeast(Role.ADMIN))
			.map(MembershipRecord::role)
			.switchIfEmpty(Mono.error(() -> new ForbiddenException("Your membership changed; sign in again")));
	}

	/** Admins and owners manage keys; API keys (which carry no role) cannot. */
	private static UUID manager(KonfigPrincipal caller) {
		caller.userId();
		caller.requireRole(Role.ADMIN);
		return caller.requireOrganization();
	}

	private static ApiKeyRecords.ApiKeyResponse response(Readable row) {
		return new ApiKeyRecords.ApiKeyResponse(row.get("id", UUID.class), row.get("name", String.class),
				row.get("prefix", String.class), row.get("scopes", String.class), row.get("created_at", Instant.class),
				row.get("expires_at", Instant.class), row.get("last_used_at", Instant.class),
				row.get("revoked_at", Instant.class), null, null);
	}

}

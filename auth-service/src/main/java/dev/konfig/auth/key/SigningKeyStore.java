package dev.konfig.auth.key;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The signing keys, shared by every replica through {@code auth.signing_keys}. One key is
 * active (signs); the most recently retired one stays published so tokens it signed remain
 * valid after a rotation. The first start creates the key race-safely: a partial unique
 * index allows one active row and the insert does nothing on conflict.
 */
public class SigningKeyStore {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

	/** A constant advisory lock id serialising rotations across replicas. */
	private static final long ROTATION_LOCK = 0x6b6f6e666967L;

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final KeyEncryption encryption;

	private final Duration rotationAge;

	private final Clock clock;

	private final AtomicReference<Keys> keys = new AtomicReference<>();

	public SigningKeyStore(DatabaseClient db, TransactionalOperator tx, KeyEncryption encryption, Duration rotationAge,
			Clock clock) {
		this.db = db;
		this.tx = tx;
		this.encryption = encryption;
		this.rotationAge = rotationAge;
		this.clock = clock;
	}

	/** The keys as last loaded (loading them, and creating the first one, when needed). */
	public Mono<Keys> keys() {
		Keys current = this.keys.get();
		return (current != null) ? Mono.just(current) : reload();
	}

	/** Whether keys have been loaded at least once. */
	public boolean loaded() {
		return this.keys.get() != null;
	}

	/** The key that signs new tokens. */
	public Mono<RSAKey> activeKey() {
		return keys().map(Keys::active);
	}

	/** Verification keys; an unknown kid triggers one reload (another replica may have rotated). */
	public Mono<List<RSAKey>> verificationKeys(String kid) {
		return keys().flatMap(current -> (kid == null || current.has(kid)) ? Mono.just(current) : reload())
			.map(Keys::all);
	}

	public Mono<JWKSet> publicJwks() {
		return keys().map(current -> new JWKSet(current.all().stream().map(key -> (com.nimbusds.jose.jwk.JWK) key.toPublicJWK()).toList()));
	}

	public Mono<Keys> reload() {
		return ensureActiveKey().then(load()).doOnNext(this.keys::set);
	}

	/** Replaces the active key when it is older than the rotation age; {@code force} rotates now. */
	public Mono<Keys> rotateIfDue(boolean force) {
		Instant threshold = this.clock.instant().minus(this.rotationAge);
		Mono<Void> rotate = this.db.sql("select pg_advisory_xact_lock(" + ROTATION_LOCK + ")")
			.then()
			.then(this.db.sql("select created_at from signing_keys where status = 'active'")
				.map(row -> row.get(0, Instant.class))
				.one()
				.map(created -> force || created.isBefore(threshold))
				.defaultIfEmpty(true))
			.flatMap(due -> due ? newKey().flatMap(key -> this.db
				.sql("update signing_keys set status = 'retired', retired_at = now() where status = 'active'")
				.then()
				.then(insert(key))) : Mono.empty());
		return this.tx.transactional(rotate).then(reload());
	}

	private Mono<Void> ensureActiveKey() {
		return this.db.sql("select count(*) from signing_keys where status = 'active'")
			.map(row -> row.get(0, Long.class))
			.one()
			.flatMap(count -> count > 0 ? Mono.empty() : newKey().flatMap(this::insert));
	}

	private Mono<Void> insert(StoredKey key) {
		return this.db
			.sql("insert into signing_keys (kid, public_key, private_key, status) values (:kid, :pub, :priv, 'active') "
					+ "on conflict do nothing")
			.bind("kid", key.kid())
			.bind("pub", key.publicKey())
			.bind("priv", key.privateKey())
			.then()
			.doOnSuccess(done -> log.info("Created signing key candidate {}", key.kid()));
	}

	private Mono<StoredKey> newKey() {
		return Mono.fromCallable(() -> {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			Base64.Encoder b64 = Base64.getEncoder();
			return new StoredKey(UUID.randomUUID().toString(), b64.encodeToString(pair.getPublic().getEncoded()),
					this.encryption.encrypt(pair.getPrivate().getEncoded()));
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private Mono<Keys> load() {
		return this.db
			.sql("(select kid, public_key, private_key, status from signing_keys where status = 'active') union all "
					+ "(select kid, public_key, private_key, status from signing_keys where status = 'retired' "
					+ "order by retired_at desc limit 1)")
			.map(row -> new Row(row.get("kid", String.class), row.get("public_key", String.class),
					row.get("private_key", String.class), row.get("status", String.class)))
			.all()
			.collectList()
			.map(this::toKeys);
	}

	private Keys toKeys(List<Row> rows) {
		RSAKey active = null;
		List<RSAKey> all = new java.util.ArrayList<>();
		for (Row row : rows) {
			boolean isActive = "active".equals(row.status());
			RSAKey key = toJwk(row, isActive);
			if (isActive) {
				active = key;
				all.add(0, key);
			}
			else {
				all.add(key);
			}
		}
		if (active == null) {
			throw new IllegalStateException("No active signing key");
		}
		return new Keys(active, List.copyOf(all));
	}

	private RSAKey toJwk(Row row, boolean withPrivate) {
		try {
			KeyFactory factory = KeyFactory.getInstance("RSA");
			RSAPublicKey publicKey = (RSAPublicKey) factory
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(row.publicKey())));
			RSAKey.Builder builder = new RSAKey.Builder(publicKey).keyID(row.kid())
				.algorithm(JWSAlgorithm.RS256)
				.keyUse(KeyUse.SIGNATURE);
			if (withPrivate) {
				builder.privateKey((RSAPrivateKey) factory
					.generatePrivate(new PKCS8EncodedKeySpec(this.encryption.decrypt(row.privateKey()))));
			}
			return builder.build();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Unreadable signing key " + row.kid(), ex);
		}
	}

	/** The loaded keys: the active one first. */
	public record Keys(RSAKey active, List<RSAKey> all) {

		boolean has(String kid) {
			return this.all.stream().anyMatch(key -> kid.equals(key.getKeyID()));
		}

	}

	private record StoredKey(String kid, String publicKey, String privateKey) {
	}

	private record Row(String kid, String publicKey, String privateKey, String status) {
	}

}

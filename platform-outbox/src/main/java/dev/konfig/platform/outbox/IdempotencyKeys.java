package dev.konfig.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.ConflictException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.UnprocessableException;
import reactor.core.publisher.Mono;

/**
 * Writes that happen once per {@code (organization, Idempotency-Key)}: the key is stored in the
 * same transaction as the write it guards, so a replica killed halfway leaves neither (PostgreSQL
 * rolls both back) and a retry on another replica simply does the work. A second request with the
 * key waits on the first's row lock while the first is in flight, then gets the first's answer
 * replayed; the key with another request is a 422. Keys are kept 24 hours.
 * <p>
 * Each service keeps the keys in its own schema, in a table {@code idempotency_keys
 * (organization_id, key, request_hash, status, body, created_at)}; {@link #once} must run inside
 * the write's transaction. The gateway repeats a keyed request whose connection was cut before
 * any answer (docs/decisions.md, "Replicas"), which is only safe because of this.
 */
public class IdempotencyKeys {

	/** The request header. */
	public static final String HEADER = "Idempotency-Key";

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

	private final DatabaseClient db;

	public IdempotencyKeys(DatabaseClient db) {
		this.db = db;
	}

	/** What a first request answered, as the service chose to remember it. */
	public record Answer(int status, String body) {
	}

	/** Refuses a malformed key with 400 (before any work); answers the key. */
	public static @Nullable String checked(@Nullable String key) {
		if (key != null && !KEY.matcher(key).matches()) {
			throw new BadRequestException(HEADER + " must be 1 to 255 printable ASCII characters",
					List.of(new FieldViolation(HEADER, "must be 1 to 255 printable ASCII characters")));
		}
		return key;
	}

	/**
	 * Runs {@code work} once per key, inside the caller's transaction.
	 * @param organizationId whose key it is
	 * @param key the key, or {@code null} for an unkeyed request (then {@code work} simply runs)
	 * @param request what identifies the request (method, target and body; leave secrets out, only
	 * their presence matters): stored as a SHA-256 hash
	 * @param work the write
	 * @param remember what to keep of the write's result to answer a replay
	 * @param replay the answer to a repeat, from what was kept
	 */
	public <T> Mono<T> once(UUID organizationId, @Nullable String key, String request, Mono<T> work,
			Function<T, Answer> remember, Function<Answer, Mono<T>> replay) {
		if (key == null) {
			return work;
		}
		String hash = sha256(request);
		return this.db.sql("DELETE FROM idempotency_keys WHERE organization_id = :org AND key = :key "
				+ "AND created_at < now() - interval '24 hours'")
			.bind("org", organizationId)
			.bind("key", key)
			.then()
			// Waits while another transaction holds the key; goes ahead if that one rolled back.
			.then(this.db.sql("INSERT INTO idempotency_keys (organization_id, key, request_hash) "
					+ "VALUES (:org, :key, :hash) ON CONFLICT DO NOTHING RETURNING 1 AS first")
				.bind("org", organizationId)
				.bind("key", key)
				.bind("hash", hash)
				.map(row -> true)
				.one()
				.defaultIfEmpty(false))
			.flatMap(first -> first ? work.flatMap(result -> keep(organizationId, key, remember.apply(result))
				.thenReturn(result)) : stored(organizationId, key, hash).flatMap(replay));
	}

	private Mono<Void> keep(UUID organizationId, String key, Answer answer) {
		return this.db.sql("UPDATE idempotency_keys SET status = :status, body = :body "
				+ "WHERE organization_id = :org AND key = :key")
			.bind("status", answer.status())
			.bind("body", answer.body())
			.bind("org", organizationId)
			.bind("key", key)
			.then();
	}

	private Mono<Answer> stored(UUID organizationId, String key, String hash) {
		return this.db.sql("SELECT request_hash, status, body FROM idempotency_keys "
				+ "WHERE organization_id = :org AND key = :key")
			.bind("org", organizationId)
			.bind("key", key)
			.map(row -> new Object[] { row.get("request_hash", String.class), row.get("status", Integer.class),
					row.get("body", String.class) })
			.one()
			.flatMap(row -> {
				if (!hash.equals(row[0])) {
					return Mono.error(new UnprocessableException(HEADER + " was used with another request",
							List.of(new FieldViolation(HEADER, "was used with another request"))));
				}
				if (row[1] == null || row[2] == null) {
					return Mono.error(new ConflictException("A request with this " + HEADER + " is still running"));
				}
				return Mono.just(new Answer((Integer) row[1], (String) row[2]));
			});
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

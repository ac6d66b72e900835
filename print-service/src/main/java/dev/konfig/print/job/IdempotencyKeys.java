package dev.konfig.print.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.print.system.PrintProblem;
import reactor.core.publisher.Mono;

/**
 * PJ-8: the first answer to a creating request per {@code (organization, Idempotency-Key)},
 * kept 24 h. The key is reserved (committed) before the work starts, so a concurrent retry sees
 * it in flight (409); the same key with another body is a 422; a failed first attempt frees the
 * key so the client can try again.
 */
@Component
class IdempotencyKeys {

	private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

	private final DatabaseClient db;

	IdempotencyKeys(DatabaseClient db) {
		this.db = db;
	}

	/** A stored first answer. */
	record Answer(int status, String body) {
	}

	static void checkKey(@Nullable String key) {
		if (key != null && !KEY.matcher(key).matches()) {
			throw new BadRequestException("Idempotency-Key must be 1 to 255 printable ASCII characters",
					List.of(new FieldViolation("Idempotency-Key", "must be 1 to 255 printable ASCII characters")));
		}
	}

	/**
	 * Reserves the key for this request: empty when the caller goes first, the stored answer when
	 * the same request already succeeded.
	 */
	Mono<Answer> reserve(UUID organizationId, String key, String requestBody) {
		String hash = sha256(requestBody);
		return this.db.sql("DELETE FROM idempotency_keys WHERE organization_id = :org AND key = :key "
				+ "AND created_at < now() - interval '24 hours'")
			.bind("org", organizationId)
			.bind("key", key)
			.then()
			.then(this.db.sql("INSERT INTO idempotency_keys (organization_id, key, request_hash) VALUES (:org, :key, :hash) "
					+ "ON CONFLICT DO NOTHING RETURNING 1 AS first")
				.bind("org", organizationId)
				.bind("key", key)
				.bind("hash", hash)
				.map(row -> true)
				.one()
				.defaultIfEmpty(false))
			.flatMap(first -> first ? Mono.<Answer>empty() : this.db
				.sql("SELECT request_hash, status, body FROM idempotency_keys WHERE organization_id = :org AND key = :key")
				.bind("org", organizationId)
				.bind("key", key)
				.map(row -> new Object[] { row.get("request_hash", String.class), row.get("status", Integer.class),
						row.get("body", String.class) })
				.one()
				.flatMap(stored -> {
					if (!hash.equals(stored[0])) {
						return Mono.error(PrintProblem.unprocessable("Idempotency-Key",
								"was used with another request body"));
					}
					if (stored[1] == null) {
						return Mono.error(PrintProblem.conflict("A request with this Idempotency-Key is still running",
								Map.of()));
					}
					return Mono.just(new Answer((Integer) stored[1], (String) stored[2]));
				}));
	}

	Mono<Void> complete(UUID organizationId, String key, HttpStatus status, String body) {
		return this.db.sql("UPDATE idempotency_keys SET status = :status, body = :body WHERE organization_id = :org "
				+ "AND key = :key")
			.bind("status", status.value())
			.bind("body", body)
			.bind("org", organizationId)
			.bind("key", key)
			.then();
	}

	Mono<Void> release(UUID organizationId, String key) {
		return this.db.sql("DELETE FROM idempotency_keys WHERE organization_id = :org AND key = :key AND status IS NULL")
			.bind("org", organizationId)
			.bind("key", key)
			.then();
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

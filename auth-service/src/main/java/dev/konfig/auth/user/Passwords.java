package dev.konfig.auth.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing off the event loop. An unknown account is checked against a dummy hash so
 * it costs as long as a wrong password and the two cannot be told apart by timing.
 * <p>
 * Hashes imported from konfig keep konfig's scheme, bcrypt over base64(SHA-256(password)), marked
 * by {@link #KONFIG_SCHEME}; they verify that way until the first successful login replaces them
 * with Argon2id ({@link #isLegacy}). Hashes imported from the print back office are passlib's
 * plain bcrypt of the password, marked by {@link #BCRYPT_SCHEME}, and are upgraded the same way.
 */
@Component
public class Passwords {

	/** Marks a stored hash in konfig's scheme (the bcrypt hash follows it unchanged). */
	public static final String KONFIG_SCHEME = "{konfig-bcrypt-sha256}";

	/** Marks a stored hash that is bcrypt of the password itself (the print back office's passlib). */
	public static final String BCRYPT_SCHEME = "{bcrypt}";

	private final Argon2PasswordEncoder encoder;

	private final BCryptPasswordEncoder legacy = new BCryptPasswordEncoder();

	private final Mono<String> dummyHash;

	Passwords(Argon2PasswordEncoder encoder) {
		this.encoder = encoder;
		this.dummyHash = Mono.fromCallable(() -> encoder.encode("not-a-password-of-anyone"))
			.subscribeOn(Schedulers.boundedElastic())
			.cache();
	}

	public Mono<String> hash(String raw) {
		return Mono.fromCallable(() -> this.encoder.encode(raw)).subscribeOn(Schedulers.boundedElastic());
	}

	/** Whether {@code raw} matches; a {@code null} hash (unknown user) never matches, after the same work. */
	public Mono<Boolean> matches(String raw, String hash) {
		Mono<String> against = (hash != null) ? Mono.just(hash) : this.dummyHash;
		return against
			.flatMap(stored -> Mono.fromCallable(() -> verify(raw, stored))
				.subscribeOn(Schedulers.boundedElastic()))
			.map(matched -> matched && hash != null);
	}

	/** Whether the hash is in an imported scheme and should be replaced after a successful login. */
	public boolean isLegacy(String hash) {
		return hash != null && (hash.startsWith(KONFIG_SCHEME) || hash.startsWith(BCRYPT_SCHEME));
	}

	private boolean verify(String raw, String stored) {
		if (stored.startsWith(KONFIG_SCHEME)) {
			return this.legacy.matches(konfigPrehash(raw), stored.substring(KONFIG_SCHEME.length()));
		}
		if (stored.startsWith(BCRYPT_SCHEME)) {
			// bcrypt reads at most 72 bytes; passlib refused or cut longer passwords, so none can match here.
			return raw.getBytes(StandardCharsets.UTF_8).length <= 72
					&& this.legacy.matches(raw, stored.substring(BCRYPT_SCHEME.length()));
		}
		return this.encoder.matches(raw, stored);
	}

	/** konfig's pre-hash: base64 of the SHA-256 of the UTF-8 password (keeps bcrypt under 72 bytes). */
	public static String konfigPrehash(String raw) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

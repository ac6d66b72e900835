package dev.konfig.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque bearer secrets (refresh tokens, API keys): made from 256 random bits, and stored or
 * cached only as their SHA-256, so a leaked table or cache holds nothing usable. The secrets
 * are random, so a plain hash (no salt, no stretching) is enough and lookup by hash works.
 */
public final class OpaqueSecrets {

	private static final SecureRandom RANDOM = new SecureRandom();

	private OpaqueSecrets() {
	}

	/** A new secret: base64url of 32 random bytes, after the given prefix. */
	public static String generate(String prefix) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
	public static String sha256(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}

package dev.konfig.importer.konfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * konfig's encryption of config values: a Fernet token (version 0x80, timestamp, IV,
 * AES-128-CBC ciphertext, HMAC-SHA256), base64url-encoded once more. The Fernet key is konfig's
 * {@code ENCRYPTION_KEY} itself when that is a Fernet key (base64url of 32 bytes), else derived
 * from it as konfig did: PBKDF2-HMAC-SHA256, 100,000 iterations, salt
 * {@code konfig_salt_change_in_production}. Fernet's small spec is implemented on the JDK's
 * AES and HMAC (no library of Maven Central covers it in a maintained form); the token's age is
 * not checked, as konfig never set a TTL.
 */
public final class KonfigEncryption {

	static final byte[] SALT = "konfig_salt_change_in_production".getBytes(StandardCharsets.US_ASCII);

	static final int ITERATIONS = 100_000;

	private static final byte VERSION = (byte) 0x80;

	private static final int HEADER = 1 + 8 + 16;

	private static final int MAC = 32;

	private final byte[] signingKey;

	private final byte[] encryptionKey;

	private KonfigEncryption(byte[] fernetKey) {
		this.signingKey = Arrays.copyOfRange(fernetKey, 0, 16);
		this.encryptionKey = Arrays.copyOfRange(fernetKey, 16, 32);
	}

	/** The cipher konfig built from its {@code ENCRYPTION_KEY}. */
	public static KonfigEncryption forKey(String encryptionKey) {
		byte[] direct = fernetKey(encryptionKey);
		return new KonfigEncryption(direct != null ? direct : derive(encryptionKey));
	}

	/** The key's 32 bytes if it is a Fernet key (base64url of 32 bytes), else null. */
	static byte[] fernetKey(String key) {
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(key.trim());
			return bytes.length == 32 ? bytes : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static byte[] derive(String key) {
		try {
			PBEKeySpec spec = new PBEKeySpec(key.toCharArray(), SALT, ITERATIONS, 256);
			return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("PBKDF2-HMAC-SHA256 is not available", ex);
		}
	}

	/**
	 * The plain text of a stored value. konfig stored an empty value as it was (it encrypted
	 * nothing), so the empty string stays empty.
	 *
	 * @throws UndecryptableValueException when the value is not a token of this key
	 */
	public String decrypt(String stored) {
		if (stored == null || stored.isEmpty()) {
			return stored;
		}
		byte[] token;
		try {
			token = Base64.getUrlDecoder().decode(Base64.getUrlDecoder().decode(stored.trim()));
		}
		catch (IllegalArgumentException ex) {
			throw new UndecryptableValueException("not a base64url-encoded Fernet token");
		}
		if (token.length < HEADER + 16 + MAC || token[0] != VERSION || (token.length - HEADER - MAC) % 16 != 0) {
			throw new UndecryptableValueException("not a Fernet token");
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.signingKey, "HmacSHA256"));
			mac.update(token, 0, token.length - MAC);
			byte[] expected = mac.doFinal();
			if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(token, token.length - MAC, token.length))) {
				throw new UndecryptableValueException("its signature does not match the encryption key");
			}
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(this.encryptionKey, "AES"),
					new IvParameterSpec(token, 9, 16));
			byte[] plain = cipher.doFinal(token, HEADER, token.length - HEADER - MAC);
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(plain)).toString();
		}
		catch (UndecryptableValueException ex) {
			throw ex;
		}
		catch (GeneralSecurityException | java.nio.charset.CharacterCodingException ex) {
			throw new UndecryptableValueException("it does not decrypt with the encryption key");
		}
	}

	/** A stored value that is not a token of the given key (wrong key, or damaged data). */
	public static class UndecryptableValueException extends RuntimeException {

		UndecryptableValueException(String reason) {
			super(reason);
		}

	}

}

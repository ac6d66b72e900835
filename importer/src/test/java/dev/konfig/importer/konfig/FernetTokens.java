package dev.konfig.importer.konfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts as konfig did, for test data: a Fernet token of the value under the key konfig
 * would build from its {@code ENCRYPTION_KEY}, base64url-encoded once more.
 */
public final class FernetTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private FernetTokens() {
	}

	/** konfig's stored form of {@code plain} under {@code encryptionKey}; the empty string stays empty. */
	public static String konfigValue(String encryptionKey, String plain) {
		if (plain.isEmpty()) {
			return plain;
		}
		byte[] direct = KonfigEncryption.fernetKey(encryptionKey);
		byte[] key = direct != null ? direct : KonfigEncryption.derive(encryptionKey);
		String token = token(key, plain.getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().encodeToString(token.getBytes(StandardCharsets.US_ASCII));
	}

	/** A new Fernet key (base64url of 32 random bytes), as Fernet.generate_key() makes. */
	public static String newFernetKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return Base64.getUrlEncoder().encodeToString(key);
	}

	static String token(byte[] key, byte[] plain) {
		try {
			byte[] iv = new byte[16];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 16, 16, "AES"), new IvParameterSpec(iv));
			byte[] ciphertext = cipher.doFinal(plain);
			ByteBuffer body = ByteBuffer.allocate(1 + 8 + 16 + ciphertext.length);
			body.put((byte) 0x80).putLong(System.currentTimeMillis() / 1000).put(iv).put(ciphertext);
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, 0, 16, "HmacSHA256"));
			byte[] signature = mac.doFinal(body.array());
			ByteBuffer token = ByteBuffer.allocate(body.capacity() + 32).put(body.array()).put(signature);
			return Base64.getUrlEncoder().encodeToString(token.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

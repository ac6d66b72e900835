package dev.konfig.auth.key;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM for private signing keys at rest: a database dump alone does not let anyone sign
 * tokens. Stored form: base64(12-byte IV || ciphertext+tag).
 */
public class KeyEncryption {

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	public KeyEncryption(String base64Key) {
		byte[] raw = Base64.getDecoder().decode(base64Key.trim());
		if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
			throw new IllegalArgumentException("konfig.auth.key-encryption-key must be base64 of 16, 24 or 32 bytes");
		}
		this.key = new SecretKeySpec(raw, "AES");
	}

	public String encrypt(byte[] plain) {
		try {
			byte[] iv = new byte[IV_BYTES];
			this.random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, iv));
			byte[] sealed = cipher.doFinal(plain);
			return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt a signing key", ex);
		}
	}

	public byte[] decrypt(String stored) {
		try {
			byte[] all = Base64.getDecoder().decode(stored);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
			return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot decrypt a signing key: wrong konfig.auth.key-encryption-key?", ex);
		}
	}

}

package dev.konfig.platform.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secret values with AES-256-GCM. Each value is stored with the id of the key that
 * sealed it, so keys can rotate: new values use the active key, old ones stay readable as long
 * as their key is still configured. The organization id is bound as associated data, so a
 * ciphertext copied into another tenant's row does not decrypt.
 *
 * <p>One piece for every service that keeps secrets at rest (config-service's secret values,
 * tenant-service's shop credentials); each service builds it from its own settings
 * ({@code id:base64key,...} and the active key's id).
 */
public final class SecretCipher {

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final Map<String, SecretKeySpec> keys;

	private final String activeKeyId;

	private final SecureRandom random = new SecureRandom();

	/**
	 * @param keyList {@code id:base64key,...}; keys of 16, 24 or 32 bytes (32 recommended), old
	 * ids kept after a rotation so older values stay readable
	 * @param activeKeyId the id of the key new values are sealed with
	 */
	public SecretCipher(String keyList, String activeKeyId) {
		this.keys = parse(keyList);
		if (!this.keys.containsKey(activeKeyId)) {
			throw new IllegalStateException("The active secret key '" + activeKeyId + "' is not among the configured keys");
		}
		this.activeKeyId = activeKeyId;
	}

	/** A sealed value: the key id and base64 of nonce, ciphertext and tag. */
	public record Sealed(String keyId, String ciphertext) {
	}

	public Sealed encrypt(String plaintext, String associatedData) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
			return new Sealed(this.activeKeyId, Base64.getEncoder().encodeToString(out));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt a secret value", ex);
		}
	}

	public String decrypt(Sealed sealed, String associatedData) {
		SecretKeySpec key = this.keys.get(sealed.keyId());
		if (key == null) {
			throw new IllegalStateException("The secret key '" + sealed.keyId() + "' is no longer configured");
		}
		try {
			byte[] raw = Base64.getDecoder().decode(sealed.ciphertext());
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
			cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
			byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("Cannot decrypt a secret value sealed with key '" + sealed.keyId() + "'", ex);
		}
	}

	public String activeKeyId() {
		return this.activeKeyId;
	}

	private static Map<String, SecretKeySpec> parse(String keyList) {
		Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
		for (String entry : keyList.split(",")) {
			String trimmed = entry.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			int colon = trimmed.indexOf(':');
			if (colon <= 0) {
				throw new IllegalStateException("A secret key must be written id:base64key");
			}
			byte[] key = Base64.getDecoder().decode(trimmed.substring(colon + 1).trim());
			if (key.length != 16 && key.length != 24 && key.length != 32) {
				throw new IllegalStateException("The secret key '" + trimmed.substring(0, colon)
						+ "' must be 16, 24 or 32 bytes; 32 (AES-256) is recommended");
			}
			keys.put(trimmed.substring(0, colon).trim(), new SecretKeySpec(key, "AES"));
		}
		if (keys.isEmpty()) {
			throw new IllegalStateException("No secret keys are configured");
		}
		return keys;
	}

}

package dev.konfig.e2e;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * auth-service's active signing key, read the way an attacker who stole the database and the
 * key-encryption key would: from {@code auth.signing_keys}, AES-GCM (12-byte IV first) under
 * the key the suite was started with. Lets the forgery tests sign tokens that only the claim
 * checks can refuse.
 */
final class AuthSigningKey {

	private AuthSigningKey() {
	}

	static String sign(JWTClaimsSet claims) throws Exception {
		try (Connection connection = Suite.get().database().connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT kid, private_key FROM auth.signing_keys WHERE status = 'active'")) {
			if (!rows.next()) {
				throw new IllegalStateException("auth-service has no active signing key");
			}
			RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(decrypt(rows.getString("private_key"))));
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rows.getString("kid"))
				.type(JOSEObjectType.JWT)
				.build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
	}

	private static byte[] decrypt(String stored) throws Exception {
		byte[] all = Base64.getDecoder().decode(stored);
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(Suite.KEY_ENCRYPTION_KEY), "AES"),
				new GCMParameterSpec(128, all, 0, 12));
		return cipher.doFinal(all, 12, all.length - 12);
	}

}

package dev.konfig.auth.key;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KeyEncryptionTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	@Test
	void roundTrips() {
		KeyEncryption encryption = new KeyEncryption(KEY);
		byte[] secret = "private key bytes".getBytes(StandardCharsets.UTF_8);

		String sealed = encryption.encrypt(secret);

		assertThat(sealed).doesNotContain("private");
		assertThat(encryption.decrypt(sealed)).isEqualTo(secret);
		assertThat(encryption.encrypt(secret)).isNotEqualTo(sealed);
	}

	@Test
	void refusesAnotherKey() {
		String sealed = new KeyEncryption(KEY).encrypt(new byte[] { 1, 2, 3 });
		byte[] other = new byte[32];
		other[0] = 1;

		assertThatIllegalStateException()
			.isThrownBy(() -> new KeyEncryption(Base64.getEncoder().encodeToString(other)).decrypt(sealed));
	}

	@Test
	void refusesKeysOfTheWrongLength() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeyEncryption(Base64.getEncoder().encodeToString(new byte[10])));
	}

}

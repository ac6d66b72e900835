package dev.konfig.importer.konfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KonfigEncryptionTests {

	@Test
	void decryptsWithAFernetKeyUsedAsIs() {
		String key = FernetTokens.newFernetKey();
		String stored = FernetTokens.konfigValue(key, "postgres://db:5432/app");

		assertThat(KonfigEncryption.forKey(key).decrypt(stored)).isEqualTo("postgres://db:5432/app");
	}

	@Test
	void decryptsWithAKeyDerivedFromAPassphrase() {
		String stored = FernetTokens.konfigValue("change-me-in-production", "{\"retries\": 3}");

		assertThat(KonfigEncryption.forKey("change-me-in-production").decrypt(stored)).isEqualTo("{\"retries\": 3}");
	}

	@Test
	void keepsUnicodeAndTheEmptyValue() {
		String stored = FernetTokens.konfigValue("k", "naïve – 値");

		assertThat(KonfigEncryption.forKey("k").decrypt(stored)).isEqualTo("naïve – 値");
		assertThat(KonfigEncryption.forKey("k").decrypt("")).isEmpty();
	}

	@Test
	void refusesAValueOfAnotherKey() {
		String stored = FernetTokens.konfigValue("the-right-key", "secret");

		assertThatThrownBy(() -> KonfigEncryption.forKey("a-wrong-key").decrypt(stored))
			.isInstanceOf(KonfigEncryption.UndecryptableValueException.class)
			.hasMessageContaining("signature");
	}

	@Test
	void refusesATamperedToken() {
		String key = FernetTokens.newFernetKey();
		String token = new String(Base64.getUrlDecoder().decode(FernetTokens.konfigValue(key, "secret")),
				StandardCharsets.US_ASCII);
		byte[] raw = Base64.getUrlDecoder().decode(token);
		raw[30] ^= 1;
		String tampered = Base64.getUrlEncoder()
			.encodeToString(Base64.getUrlEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII));

		assertThatThrownBy(() -> KonfigEncryption.forKey(key).decrypt(tampered))
			.isInstanceOf(KonfigEncryption.UndecryptableValueException.class);
	}

	@Test
	void refusesTextThatIsNoToken() {
		assertThatThrownBy(() -> KonfigEncryption.forKey("k").decrypt("plain text, never encrypted"))
			.isInstanceOf(KonfigEncryption.UndecryptableValueException.class);
	}

}

package dev.konfig.platform.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTests {

	private static final String OLD = "old:" + key("old-key-old-key-old-key-old-key!");

	private static final String NEW = "new:" + key("new-key-new-key-new-key-new-key!");

	@Test
	void sealsWithTheActiveKeyAndOpensWithAnyConfiguredOne() {
		SecretCipher before = new SecretCipher(OLD, "old");
		SecretCipher.Sealed sealed = before.encrypt("\"hunter2\"", "org-1");
		assertThat(sealed.keyId()).isEqualTo("old");
		assertThat(sealed.ciphertext()).doesNotContain("hunter2");
		SecretCipher rotated = new SecretCipher(OLD + "," + NEW, "new");
		assertThat(rotated.decrypt(sealed, "org-1")).isEqualTo("\"hunter2\"");
		assertThat(rotated.encrypt("x", "org-1").keyId()).isEqualTo("new");
	}

	@Test
	void usesAFreshNonceEveryTime() {
		SecretCipher cipher = new SecretCipher(NEW, "new");
		assertThat(cipher.encrypt("same", "org").ciphertext()).isNotEqualTo(cipher.encrypt("same", "org").ciphertext());
	}

	@Test
	void refusesAnotherOrganizationsCiphertextAndTampering() {
		SecretCipher cipher = new SecretCipher(NEW, "new");
		SecretCipher.Sealed sealed = cipher.encrypt("value", "org-1");
		assertThatThrownBy(() -> cipher.decrypt(sealed, "org-2")).isInstanceOf(IllegalStateException.class);
		byte[] raw = Base64.getDecoder().decode(sealed.ciphertext());
		raw[raw.length - 1] ^= 1;
		SecretCipher.Sealed tampered = new SecretCipher.Sealed("new", Base64.getEncoder().encodeToString(raw));
		assertThatThrownBy(() -> cipher.decrypt(tampered, "org-1")).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void refusesBadKeyConfiguration() {
		assertThatThrownBy(() -> new SecretCipher(NEW, "missing")).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> new SecretCipher("short:" + key("too short"), "short"))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> new SecretCipher("nocolon", "nocolon")).isInstanceOf(IllegalStateException.class);
	}

	private static String key(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}

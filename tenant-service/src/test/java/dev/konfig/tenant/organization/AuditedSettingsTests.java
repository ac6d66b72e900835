package dev.konfig.tenant.organization;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditedSettingsTests {

	@Test
	void masksSecretLookingKeysAtAnyDepthAndKeepsTheRest() {
		Map<String, Object> settings = Map.of("theme", "dark", "webhook_secret", "s3cr3t", "smtp",
				Map.of("host", "mail", "Password", "pw"), "hooks", List.of(Map.of("url", "u", "api-key", "k")));
		assertThat(AuditedSettings.of(settings)).containsEntry("theme", "dark")
			.containsEntry("webhook_secret", "********")
			.containsEntry("smtp", Map.of("host", "mail", "Password", "********"))
			.containsEntry("hooks", List.of(Map.of("url", "u", "api-key", "********")));
	}

}

package dev.konfig.tenant.organization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.konfig.platform.web.SecretMask;

/**
 * Settings as an audit event may show them. Settings are free-form JSON, so an organization may
 * keep a webhook secret or an API token there; values under keys that name such a thing are
 * masked at any depth, so audit events never carry them.
 */
final class AuditedSettings {

	private AuditedSettings() {
	}

	static Map<String, Object> of(Map<String, Object> settings) {
		Map<String, Object> masked = new LinkedHashMap<>();
		settings.forEach((key, value) -> masked.put(key, SecretMask.namesASecret(key) ? SecretMask.VALUE : mask(value)));
		return masked;
	}

	@SuppressWarnings("unchecked")
	private static Object mask(Object value) {
		if (value instanceof Map<?, ?> map) {
			return of((Map<String, Object>) map);
		}
		if (value instanceof List<?> list) {
			return list.stream().map(AuditedSettings::mask).toList();
		}
		return value;
	}

}

package dev.konfig.tenant.organization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The settings part of a PATCH, checked: merged into the stored object key by key, keys set to
 * null removed, {@code is_active} only ever a boolean. {@code is_active} is not merged: it is
 * the organization's status, a column of its own, and the API keeps accepting it here.
 *
 * @param merged the keys to set, as a JSON object ({@code is_active} excluded)
 * @param removed the keys to drop
 * @param isActive the new {@code is_active}, or null when the patch leaves it alone
 */
record SettingsPatch(String merged, String[] removed, Boolean isActive) {

	static final String IS_ACTIVE = "is_active";

	static final SettingsPatch NONE = new SettingsPatch("{}", new String[0], null);

	static SettingsPatch of(JsonNode settings, JsonMapper json) {
		if (settings == null || settings.isNull() || settings.isMissingNode()) {
			return NONE;
		}
		if (!settings.isObject()) {
			throw new InvalidOrganizationRequestException("settings", "must be a JSON object");
		}
		JsonNode active = settings.get(IS_ACTIVE);
		if (active != null && !active.isBoolean()) {
			throw new InvalidOrganizationRequestException("settings.is_active", "must be true or false");
		}
		ObjectNode merged = json.createObjectNode();
		List<String> removed = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : settings.properties()) {
			if (entry.getKey().equals(IS_ACTIVE)) {
				continue;
			}
			if (entry.getValue().isNull()) {
				removed.add(entry.getKey());
			}
			else {
				merged.set(entry.getKey(), entry.getValue());
			}
		}
		return new SettingsPatch(json.writeValueAsString(merged), removed.toArray(String[]::new),
				active == null ? null : active.booleanValue());
	}

	/** Whether applying this patch turns the organization on or off. */
	boolean changesActivation(OrganizationStatus current) {
		return this.isActive != null && OrganizationStatus.of(this.isActive) != current;
	}

}

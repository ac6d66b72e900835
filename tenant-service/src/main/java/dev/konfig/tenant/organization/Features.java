package dev.konfig.tenant.organization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import tools.jackson.databind.JsonNode;

/**
 * An organization's feature flags (ST-4), kept in {@code settings.features}: the origin's
 * {@code org_features} (mockups, print, designs, orders, analytics), every one on unless the
 * organization switched it off, plus any flag of its own naming.
 */
final class Features {

	static final String SETTING = "features";

	static final List<String> DEFAULTS = List.of("mockups", "print", "designs", "orders", "analytics");

	private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

	private Features() {
	}

	/** The flags in effect: the defaults, overridden by what the organization stored. */
	static Map<String, Boolean> effective(Map<String, Object> settings) {
		Map<String, Boolean> flags = new LinkedHashMap<>();
		DEFAULTS.forEach(name -> flags.put(name, true));
		if (settings.get(SETTING) instanceof Map<?, ?> stored) {
			stored.forEach((name, value) -> {
				if (value instanceof Boolean on) {
					flags.put(name.toString(), on);
				}
			});
		}
		return flags;
	}

	/** A PATCH's flags: an object of booleans under well-formed names; each refusal names its flag. */
	static Map<String, Boolean> patch(JsonNode features) {
		if (features == null || !features.isObject()) {
			throw invalid("features", "must be a JSON object of true/false flags");
		}
		Map<String, Boolean> flags = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> flag : features.properties()) {
			String field = "features." + flag.getKey();
			if (!NAME.matcher(flag.getKey()).matches()) {
				throw invalid(field, "flag names are lower case letters, digits and _, starting with a letter, at most 64");
			}
			if (!flag.getValue().isBoolean()) {
				throw invalid(field, "must be true or false");
			}
			flags.put(flag.getKey(), flag.getValue().booleanValue());
		}
		return flags;
	}

	private static BadRequestException invalid(String field, String message) {
		return new BadRequestException("The request has invalid fields", List.of(new FieldViolation(field, message)));
	}

	/** {@code PATCH .../features}. */
	record Request(JsonNode features) {
	}

	/** The flags in effect. */
	record Response(Map<String, Boolean> features) {
	}

}

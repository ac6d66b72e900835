package dev.konfig.tenant.shop;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.lang.Nullable;

import dev.konfig.platform.web.SecretMask;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The rules of a shop's fields (spec SH-3, SH-6, "bad input"), each refusal naming its field. */
final class ShopRules {

	static final int NAME_MAX = 255;

	static final int PLATFORM_SHOP_ID_MAX = 255;

	static final int CONFIG_MAX_BYTES = 16 * 1024;

	static final int CONFIG_MAX_DEPTH = 8;

	static final int CONFIG_MAX_KEYS = 200;

	static final int SYNC_ERROR_MAX = 1000;

	private static final Pattern PLATFORM = Pattern.compile("^[a-z][a-z0-9_]{1,31}$");

	private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]");

	private ShopRules() {
	}

	/** Refuses fields a shop does not have. */
	static void noUnknownFields(Map<String, Object> unknown) {
		if (!unknown.isEmpty()) {
			throw new InvalidShopRequestException(unknown.keySet().iterator().next(), "is not a field of a shop");
		}
	}

	/** The trimmed name: 1 to 255 characters, no control characters. */
	static String name(@Nullable String name) {
		String trimmed = (name == null) ? "" : name.strip();
		if (trimmed.isEmpty()) {
			throw new InvalidShopRequestException("name", "must not be blank");
		}
		return text("name", trimmed, NAME_MAX);
	}

	/** A platform of the configured list. */
	static String platform(@Nullable String platform, List<String> allowed) {
		if (platform == null || !PLATFORM.matcher(platform).matches() || !allowed.contains(platform)) {
			throw new InvalidShopRequestException("platform", "must be one of " + String.join(", ", allowed));
		}
		return platform;
	}

	/** The trimmed platform shop id, or null when there is none. */
	@Nullable
	static String platformShopId(@Nullable String platformShopId) {
		if (platformShopId == null) {
			return null;
		}
		String trimmed = platformShopId.strip();
		if (trimmed.isEmpty()) {
			throw new InvalidShopRequestException("platform_shop_id", "must not be empty; send null for none");
		}
		return text("platform_shop_id", trimmed, PLATFORM_SHOP_ID_MAX);
	}

	/** A PATCH's {@code platform_shop_id}: {@code null} clears it, a string sets it. */
	@Nullable
	static String platformShopId(JsonNode platformShopId) {
		if (platformShopId.isNull()) {
			return null;
		}
		if (!platformShopId.isString()) {
			throw new InvalidShopRequestException("platform_shop_id", "must be a string or null");
		}
		return platformShopId(platformShopId.asString());
	}

	/** A PATCH's {@code token_expires_at}: {@code null} clears it; a time must carry its offset. */
	@Nullable
	static Instant tokenExpiresAt(JsonNode tokenExpiresAt) {
		if (tokenExpiresAt.isNull()) {
			return null;
		}
		try {
			if (tokenExpiresAt.isString()) {
				return OffsetDateTime.parse(tokenExpiresAt.asString()).toInstant();
			}
		}
		catch (DateTimeParseException ex) {
			// answered below
		}
		throw new InvalidShopRequestException("token_expires_at",
				"must be an ISO-8601 time with an offset, such as 2026-12-01T10:00:00Z, or null");
	}

	/**
	 * A whole configuration (create): an object of at most 16 KiB, 8 levels and 200 keys, with
	 * no key that names a secret.
	 */
	static ObjectNode shopConfig(@Nullable JsonNode config, JsonMapper json) {
		if (config == null || config.isNull()) {
			return json.createObjectNode();
		}
		ObjectNode object = object(config);
		checkTree(object);
		return fits(object, json);
	}

	/**
	 * The stored configuration with a PATCH's keys merged in at the top level (a key sent as
	 * {@code null} is removed); the result obeys the same rules as a whole configuration.
	 */
	static ObjectNode mergedShopConfig(ObjectNode current, JsonNode patch, JsonMapper json) {
		ObjectNode changes = object(patch);
		checkTree(changes);
		ObjectNode merged = current.deepCopy();
		for (Map.Entry<String, JsonNode> entry : changes.properties()) {
			if (entry.getValue().isNull()) {
				merged.remove(entry.getKey());
			}
			else {
				merged.set(entry.getKey(), entry.getValue());
			}
		}
		checkTree(merged);
		return fits(merged, json);
	}

	/** A sync failure's message: at most 1000 characters, no control characters but line breaks. */
	@Nullable
	static String syncError(@Nullable String error) {
		if (error == null || error.isBlank()) {
			return null;
		}
		if (error.length() > SYNC_ERROR_MAX) {
			throw new InvalidShopRequestException("error", "must be at most " + SYNC_ERROR_MAX + " characters");
		}
		return error;
	}

	private static ObjectNode object(JsonNode config) {
		if (!(config instanceof ObjectNode object)) {
			throw new InvalidShopRequestException("shop_config", "must be a JSON object");
		}
		return object;
	}

	private static ObjectNode fits(ObjectNode config, JsonMapper json) {
		if (json.writeValueAsString(config).getBytes(StandardCharsets.UTF_8).length > CONFIG_MAX_BYTES) {
			throw new InvalidShopRequestException("shop_config", "must be at most 16 KiB as JSON");
		}
		return config;
	}

	private static void checkTree(ObjectNode config) {
		int keys = walk(config, "/shop_config", 1);
		if (keys > CONFIG_MAX_KEYS) {
			throw new InvalidShopRequestException("shop_config", "must have at most " + CONFIG_MAX_KEYS + " keys in all");
		}
	}

	/** Checks every key below {@code node}; answers how many keys there are. */
	private static int walk(JsonNode node, String pointer, int depth) {
		if (!node.isContainer()) {
			return 0;
		}
		if (depth > CONFIG_MAX_DEPTH) {
			throw new InvalidShopRequestException("shop_config", "must be at most " + CONFIG_MAX_DEPTH + " levels deep");
		}
		int keys = 0;
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				String at = pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
				if (SecretMask.namesASecret(member.getKey())) {
					throw new InvalidShopRequestException(at, "looks like a secret; store secrets in credentials");
				}
				keys += 1 + walk(member.getValue(), at, depth + 1);
			}
		}
		else {
			int index = 0;
			for (JsonNode item : node.values()) {
				keys += walk(item, pointer + "/" + index++, depth + 1);
			}
		}
		return keys;
	}

	private static String text(String field, String value, int max) {
		if (value.length() > max) {
			throw new InvalidShopRequestException(field, "must be at most " + max + " characters");
		}
		if (CONTROL.matcher(value).find()) {
			throw new InvalidShopRequestException(field, "must not contain control characters");
		}
		return value;
	}

}

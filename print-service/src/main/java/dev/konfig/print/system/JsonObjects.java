package dev.konfig.print.system;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.lang.Nullable;

import dev.konfig.platform.web.SecretMask;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Free JSON objects stored with a row ({@code printer_config}, {@code print_config}): an object,
 * at most 16 KiB, and no key that names a secret (a printer's configuration is shown to every
 * member; credentials belong in a shop).
 */
public final class JsonObjects {

	public static final int MAX_BYTES = 16 * 1024;

	private JsonObjects() {
	}

	/** The object's text, or null (with the problem recorded on the body) when it breaks a rule. */
	@Nullable
	public static String text(JsonBody body, String field, JsonMapper json) {
		JsonNode value = body.value(field);
		if (!value.isObject()) {
			body.fail(field, "must be a JSON object");
			return null;
		}
		String secret = secretKey(value);
		if (secret != null) {
			body.fail(field, "must not hold secrets ('" + secret + "'); keep credentials in a shop");
			return null;
		}
		String text = json.writeValueAsString(value);
		if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			body.fail(field, "must be at most " + MAX_BYTES + " bytes of JSON");
			return null;
		}
		return text;
	}

	/** The stored text as plain values for answers and event data. */
	public static Object plain(String text, JsonMapper json) {
		return json.readValue(text, Map.class);
	}

	@Nullable
	private static String secretKey(JsonNode node) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				if (SecretMask.namesASecret(entry.getKey())) {
					return entry.getKey();
				}
				String inner = secretKey(entry.getValue());
				if (inner != null) {
					return inner;
				}
			}
		}
		else if (node.isArray()) {
			for (JsonNode element : node.values()) {
				String inner = secretKey(element);
				if (inner != null) {
					return inner;
				}
			}
		}
		return null;
	}

}

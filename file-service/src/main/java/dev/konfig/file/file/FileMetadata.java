package dev.konfig.file.file;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;

/**
 * A file's client metadata: a JSON object of at most {@value #MAX_BYTES} bytes serialized and
 * {@value #MAX_DEPTH} levels deep (FS-2, FS-11). Keys keep the client's spelling.
 */
public final class FileMetadata {

	public static final int MAX_BYTES = 16 * 1024;

	public static final int MAX_DEPTH = 8;

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private FileMetadata() {
	}

	/** Reads metadata sent as text (a multipart field); 400 naming {@code metadata} when it is not valid. */
	public static Map<String, Object> fromText(String text) {
		Object value;
		try {
			value = JSON.readValue(text, Object.class);
		}
		catch (JacksonException ex) {
			throw invalid("is not valid JSON");
		}
		return check(value);
	}

	/** Checks a value already read from a JSON body. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> check(Object value) {
		if (!(value instanceof Map<?, ?> map)) {
			throw invalid("must be a JSON object");
		}
		if (depth(value, 0) > MAX_DEPTH) {
			throw invalid("is nested deeper than " + MAX_DEPTH + " levels");
		}
		if (toJson(map).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw invalid("is larger than " + MAX_BYTES + " bytes");
		}
		return new LinkedHashMap<>((Map<String, Object>) map);
	}

	/** Top-level merge: a {@code null} value removes the key (FS-11). */
	public static Map<String, Object> merge(Map<String, Object> current, Map<String, Object> changes) {
		Map<String, Object> merged = new LinkedHashMap<>(current);
		changes.forEach((key, value) -> {
			if (value == null) {
				merged.remove(key);
			}
			else {
				merged.put(key, value);
			}
		});
		return check(merged);
	}

	public static String toJson(Object value) {
		return JSON.writeValueAsString(value);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> parse(String json) {
		try {
			Object value = JSON.readValue(json, Object.class);
			return (value instanceof Map<?, ?> map) ? new LinkedHashMap<>((Map<String, Object>) map) : Map.of();
		}
		catch (JacksonException ex) {
			return Map.of();
		}
	}

	private static int depth(Object value, int level) {
		if (level > MAX_DEPTH) {
			return level;
		}
		Collection<?> children = (value instanceof Map<?, ?> map) ? map.values()
				: (value instanceof List<?> list) ? list : null;
		if (children == null) {
			return level;
		}
		int deepest = level + 1;
		for (Object child : children) {
			deepest = Math.max(deepest, depth(child, level + 1));
		}
		return deepest;
	}

	private static BadRequestException invalid(String message) {
		return new BadRequestException("The metadata " + message,
				List.of(new FieldViolation("metadata", message)));
	}

}

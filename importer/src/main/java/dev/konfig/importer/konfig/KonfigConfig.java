package dev.konfig.importer.konfig;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One konfig config as the suite's import request: its value and every version of its history
 * as JSON of its type, oldest first, ending with the current version. konfig stored every value
 * as text ({@code str()} of it: numbers as {@code 1500} or {@code 1.5}, booleans as Python's
 * {@code True}/{@code False}, JSON as its text).
 */
record KonfigConfig(KonfigTables.Config config, String valueType, JsonNode value, JsonNode validationSchema,
		List<Map<String, Object>> history, int missingVersions) {

	/** A config that cannot become the suite's (a value that is not of its type, an unknown type). */
	static class UnconvertibleException extends RuntimeException {

		UnconvertibleException(String message) {
			super(message);
		}

	}

	static KonfigConfig of(KonfigTables.Config config, List<KonfigTables.History> rows, Map<UUID, String> plain) {
		String type = valueType(config.valueType());
		JsonNode value = value(type, plain.get(config.id()), true);
		// One row per version (a repeated version keeps its latest row), none past the current.
		TreeMap<Integer, KonfigTables.History> versions = new TreeMap<>();
		for (KonfigTables.History row : rows) {
			if (row.version() >= 1 && row.version() <= config.version()) {
				KonfigTables.History kept = versions.get(row.version());
				if (kept == null || (row.changedAt() != null && kept.changedAt() != null
						&& !row.changedAt().isBefore(kept.changedAt()))) {
					versions.put(row.version(), row);
				}
			}
		}
		List<Map<String, Object>> history = new ArrayList<>();
		for (KonfigTables.History row : versions.values()) {
			if (row.version() == config.version()) {
				break;
			}
			boolean deletion = "delete".equals(row.changeType());
			history.add(version(row.version(), changeType(row.changeType(), row.version()),
					deletion ? null : value(type, plain.get(row.id()), false),
					row.changedAt() != null ? row.changedAt() : config.createdAt(), row.changedBy()));
		}
		// The current version is the config's row (konfig's history row of it, if any, only dates it).
		KonfigTables.History currentRow = versions.get(config.version());
		Instant changedAt = currentRow != null && currentRow.changedAt() != null ? currentRow.changedAt()
				: config.updatedAt() != null ? config.updatedAt() : config.createdAt();
		String change = currentRow != null && !"delete".equals(currentRow.changeType())
				? changeType(currentRow.changeType(), config.version()) : config.version() == 1 ? "create" : "update";
		history.add(version(config.version(), change, value, changedAt,
				currentRow != null ? currentRow.changedBy() : config.createdBy()));
		int missing = config.version() - history.size();
		return new KonfigConfig(config, type, value, validationSchema(config.validationSchema()), history, missing);
	}

	Map<String, Object> body(UUID organizationId, String source) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", this.config.id());
		body.put("organization_id", organizationId);
		body.put("namespace_id", this.config.namespaceId());
		body.put("key", this.config.key());
		body.put("value_type", this.valueType);
		body.put("is_secret", Boolean.TRUE.equals(this.config.secret()));
		body.put("validation_schema", this.validationSchema);
		body.put("description", this.config.description());
		body.put("created_at", KonfigSource.text(this.config.createdAt()));
		body.put("created_by", this.config.createdBy() == null ? null : this.config.createdBy().toString());
		body.put("history", this.history);
		body.put("source", source);
		return body;
	}

	private static Map<String, Object> version(int version, String changeType, JsonNode value, Instant changedAt,
			UUID changedBy) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("version", version);
		entry.put("change_type", changeType);
		entry.put("value", value);
		entry.put("changed_at", KonfigSource.text(changedAt));
		entry.put("changed_by", changedBy == null ? null : changedBy.toString());
		return entry;
	}

	private static String changeType(String konfig, int version) {
		if (konfig != null && List.of("create", "update", "rollback").contains(konfig)) {
			return konfig;
		}
		return version == 1 ? "create" : "update";
	}

	/** konfig's enum names (either enum: with SELECT or with BOOLEAN) as the suite's types. */
	static String valueType(String konfig) {
		if (konfig == null) {
			throw new UnconvertibleException("it has no value_type");
		}
		String type = konfig.toLowerCase(Locale.ROOT);
		if (!List.of("string", "number", "boolean", "select", "json").contains(type)) {
			throw new UnconvertibleException("its value_type '" + konfig + "' is unknown to the suite");
		}
		return type;
	}

	/**
	 * The text konfig stored, as JSON of the type. A history value that no longer fits (konfig
	 * let a config change type) is kept as the string it was; the current value must fit.
	 */
	static JsonNode value(String type, String text, boolean strict) {
		if (text == null) {
			throw new UnconvertibleException("its value is missing");
		}
		try {
			return switch (type) {
				case "string", "select" -> KonfigSource.string(text);
				case "number" -> number(text);
				case "boolean" -> bool(text);
				default -> json(text);
			};
		}
		catch (UnconvertibleException ex) {
			if (strict) {
				throw ex;
			}
			return KonfigSource.string(text);
		}
	}

	private static JsonNode number(String text) {
		try {
			BigDecimal number = new BigDecimal(text.trim());
			return KonfigSource.json().readTree(number.toString());
		}
		catch (NumberFormatException | JacksonException ex) {
			throw new UnconvertibleException("its value '" + text + "' is not a number");
		}
	}

	/** "true"/"false" in any case (konfig wrote Python's True and False) read as booleans. */
	private static JsonNode bool(String text) {
		return switch (text.trim().toLowerCase(Locale.ROOT)) {
			case "true" -> KonfigSource.json().getNodeFactory().booleanNode(true);
			case "false" -> KonfigSource.json().getNodeFactory().booleanNode(false);
			default -> throw new UnconvertibleException("its value '" + text + "' is not true or false");
		};
	}

	/** JSON text; konfig served text that is not JSON as a string, and so does the suite. */
	private static JsonNode json(String text) {
		try {
			return KonfigSource.json().readTree(text);
		}
		catch (JacksonException ex) {
			return KonfigSource.string(text);
		}
	}

	/** konfig's rules have the suite's shape; unset fields are left out and no rules are none. */
	static JsonNode validationSchema(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		JsonNode schema;
		try {
			schema = KonfigSource.json().readTree(text);
		}
		catch (JacksonException ex) {
			throw new UnconvertibleException("its validation_schema is not JSON");
		}
		if (!schema.isObject()) {
			return null;
		}
		ObjectNode rules = KonfigSource.object();
		schema.properties().forEach(field -> {
			if (!field.getValue().isNull()) {
				rules.set(field.getKey(), field.getValue());
			}
		});
		return rules.isEmpty() ? null : rules;
	}

}

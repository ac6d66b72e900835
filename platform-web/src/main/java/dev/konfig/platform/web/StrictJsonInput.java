package dev.konfig.platform.web;

import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * The suite's rules for reading JSON, applied once to every service's mapper: JSON types are
 * checked strictly (no number or boolean where a string belongs, no string or number where a
 * boolean belongs, no string where a number belongs), and no string may carry NUL, a control
 * character other than tab, line feed and carriage return, or an unpaired surrogate; no number
 * may be beyond the range of a double. Free JSON ({@link JsonNode} fields such as a config's
 * value) may hold any JSON, but the same string and number rules apply to everything inside it,
 * member names included.
 */
public final class StrictJsonInput {

	static final String TEXT_RULE = "must not contain NUL, control characters other than tab, "
			+ "line feed and carriage return, or unpaired surrogates";

	static final String NUMBER_RULE = "must be a finite number within the range of a double";

	private StrictJsonInput() {
	}

	/** Applies the rules to a mapper being built (Boot's customizer calls this for every service). */
	public static void apply(JsonMapper.Builder builder) {
		builder.withCoercionConfig(LogicalType.Textual, config -> fail(config, CoercionInputShape.Integer,
				CoercionInputShape.Float, CoercionInputShape.Boolean))
			.withCoercionConfig(LogicalType.Boolean, config -> fail(config, CoercionInputShape.Integer,
					CoercionInputShape.Float, CoercionInputShape.String))
			.withCoercionConfig(LogicalType.Integer, config -> fail(config, CoercionInputShape.Float,
					CoercionInputShape.String, CoercionInputShape.Boolean))
			.withCoercionConfig(LogicalType.Float, config -> fail(config, CoercionInputShape.String,
					CoercionInputShape.Boolean))
			.withCoercionConfig(LogicalType.Enum, config -> fail(config, CoercionInputShape.Integer,
					CoercionInputShape.Float, CoercionInputShape.Boolean))
			.addModule(new SimpleModule("konfig-strict-input").addDeserializer(String.class, new SafeStrings())
				.addDeserializer(JsonNode.class, new SafeTrees()));
	}

	private static void fail(tools.jackson.databind.cfg.MutableCoercionConfig config, CoercionInputShape... shapes) {
		for (CoercionInputShape shape : shapes) {
			config.setCoercion(shape, CoercionAction.Fail);
		}
	}

	/** Whether a string may be taken in: no NUL, no control character but tab, LF, CR, no lone surrogate. */
	public static boolean isSafeText(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/** Strings as Jackson reads them (with the coercion rules above), then checked. */
	static final class SafeStrings extends StdScalarDeserializer<String> {

		SafeStrings() {
			super(String.class);
		}

		@Override
		public String deserialize(JsonParser parser, DeserializationContext context) {
			String text = StringDeserializer.instance.deserialize(parser, context);
			if (text != null && !isSafeText(text)) {
				throw new UnsafeInputException(parser, String.class, TEXT_RULE);
			}
			return text;
		}

		@Override
		public LogicalType logicalType() {
			return LogicalType.Textual;
		}

		@Override
		public Object getEmptyValue(DeserializationContext context) {
			return "";
		}

	}

	/** Free JSON as Jackson reads it, then every string, member name and number inside checked. */
	static final class SafeTrees extends JsonNodeDeserializer {

		@Override
		public JsonNode deserialize(JsonParser parser, DeserializationContext context) {
			JsonNode tree = super.deserialize(parser, context);
			check(parser, tree);
			return tree;
		}

		private static void check(JsonParser parser, JsonNode node) {
			if (node.isString() && !isSafeText(node.asString())) {
				throw new UnsafeInputException(parser, JsonNode.class, TEXT_RULE);
			}
			if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
				throw new UnsafeInputException(parser, JsonNode.class, NUMBER_RULE);
			}
			if (node.isBigDecimal() && !Double.isFinite(node.decimalValue().doubleValue())) {
				throw new UnsafeInputException(parser, JsonNode.class, NUMBER_RULE);
			}
			if (node.isObject()) {
				for (Map.Entry<String, JsonNode> member : node.properties()) {
					if (!isSafeText(member.getKey())) {
						throw new UnsafeInputException(parser, JsonNode.class, TEXT_RULE);
					}
					check(parser, member.getValue());
				}
			}
			else if (node.isArray()) {
				for (JsonNode item : node.values()) {
					check(parser, item);
				}
			}
		}

	}

}

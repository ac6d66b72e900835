package dev.konfig.print.system;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.lang.Nullable;

import dev.konfig.platform.web.BadRequestException;
import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.StrictJsonInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A request body read field by field: every problem of the body is collected (unknown fields
 * included, so a typo is a 400 rather than a silently dropped value) and {@link #check()}
 * answers them all at once as one 400 with {@code errors: [{field, message}]}. A field sent as
 * {@code null} is told apart from one left out ({@link #has}), which PATCH needs.
 */
public final class JsonBody {

	private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

	private final JsonNode node;

	private final String prefix;

	private final List<FieldViolation> errors;

	private JsonBody(JsonNode node, String prefix, List<FieldViolation> errors) {
		this.node = node;
		this.prefix = prefix;
		this.errors = errors;
	}

	/** The body, which must be a JSON object holding only these fields. */
	public static JsonBody of(@Nullable JsonNode body, Set<String> fields) {
		List<FieldViolation> errors = new ArrayList<>();
		if (body == null || !body.isObject()) {
			throw new BadRequestException("The body must be a JSON object",
					List.of(new FieldViolation("body", "must be a JSON object")));
		}
		for (String name : body.propertyNames()) {
			if (!fields.contains(name)) {
				errors.add(new FieldViolation(name, "is not a field of this request"));
			}
		}
		return new JsonBody(body, "", errors);
	}

	/** A nested object read with this body's errors; unknown keys are allowed (free objects). */
	public JsonBody nested(String field) {
		return new JsonBody(value(field), this.prefix + field + ".", this.errors);
	}

	/**
	 * The object at {@code field[index]}, read with this body's errors (fields named
	 * {@code field[index].name}); fields outside {@code fields} are refused.
	 */
	public JsonBody element(String field, int index, Set<String> fields) {
		JsonNode element = value(field).get(index);
		JsonBody body = new JsonBody(element == null ? NullNode.getInstance() : element,
				this.prefix + field + "[" + index + "].", this.errors);
		if (element != null && element.isObject()) {
			for (String name : element.propertyNames()) {
				if (!fields.contains(name)) {
					body.fail(name, "is not a field of this request");
				}
			}
		}
		return body;
	}

	/** Whether the field was sent, as a value or as {@code null}. */
	public boolean has(String field) {
		return this.node.has(field);
	}

	/** Whether the field was sent with a value other than {@code null}. */
	public boolean present(String field) {
		return has(field) && !value(field).isNull();
	}

	public JsonNode value(String field) {
		JsonNode value = this.node.get(field);
		return (value == null) ? NullNode.getInstance() : value;
	}

	public void fail(String field, String message) {
		this.errors.add(new FieldViolation(this.prefix + field, message));
	}

	/** Refuses the body with every problem found. */
	public void check() {
		if (!this.errors.isEmpty()) {
			FieldViolation first = this.errors.get(0);
			throw new BadRequestException("The request is invalid: " + first.field() + " " + first.message(),
					List.copyOf(this.errors));
		}
	}

	/** Trimmed text of {@code min}..{@code max} characters without control characters; null when absent. */
	@Nullable
	public String text(String field, int min, int max, boolean required) {
		if (!present(field)) {
			if (required) {
				fail(field, "is required");
			}
			return null;
		}
		JsonNode value = value(field);
		if (!value.isString()) {
			fail(field, "must be a string");
			return null;
		}
		String text = value.stringValue().strip();
		if (text.length() < min || text.length() > max) {
			fail(field, (min > 0 ? "must be " + min + " to " + max : "must be at most " + max) + " characters");
			return null;
		}
		if (max <= 255 && CONTROL.matcher(text).find() || !StrictJsonInput.isSafeText(text)) {
			fail(field, "must not contain control characters");
			return null;
		}
		return text;
	}

	/** One of the values, exactly (case and spaces count). */
	@Nullable
	public String oneOf(String field, List<String> values, boolean required) {
		if (!present(field)) {
			if (required) {
				fail(field, "is required");
			}
			return null;
		}
		JsonNode value = value(field);
		if (!value.isString() || !values.contains(value.stringValue())) {
			fail(field, "must be one of " + String.join(", ", values));
			return null;
		}
		return value.stringValue();
	}

	/** An integer in range; null when absent. */
	@Nullable
	public Integer integer(String field, int min, int max, boolean required) {
		if (!present(field)) {
			if (required) {
				fail(field, "is required");
			}
			return null;
		}
		JsonNode value = value(field);
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
			fail(field, "must be an integer from " + min + " to " + max);
			return null;
		}
		return value.intValue();
	}

	/**
	 * A length in inches: a number above {@code min} (or equal to it when {@code minIncluded}),
	 * at most {@code max}, with at most 3 decimals.
	 */
	@Nullable
	public BigDecimal inches(String field, BigDecimal min, boolean minIncluded, BigDecimal max, boolean required) {
		if (!present(field)) {
			if (required) {
				fail(field, "is required");
			}
			return null;
		}
		JsonNode value = value(field);
		String rule = "must be a number " + (minIncluded ? "from " + min.toPlainString() : "above " + min.toPlainString())
				+ " to " + max.toPlainString() + " with at most 3 decimals";
		if (!value.isNumber()) {
			fail(field, rule);
			return null;
		}
		BigDecimal number = value.decimalValue().stripTrailingZeros();
		int sign = number.compareTo(min);
		if ((minIncluded ? sign < 0 : sign <= 0) || number.compareTo(max) > 0 || number.scale() > 3) {
			fail(field, rule);
			return null;
		}
		return number.scale() < 0 ? number.setScale(0) : number;
	}

	@Nullable
	public Boolean bool(String field) {
		if (!present(field)) {
			return null;
		}
		JsonNode value = value(field);
		if (!value.isBoolean()) {
			fail(field, "must be true or false");
			return null;
		}
		return value.booleanValue();
	}

	@Nullable
	public UUID uuid(String field, boolean required) {
		if (!present(field)) {
			if (required) {
				fail(field, "is required");
			}
			return null;
		}
		UUID id = parseUuid(value(field));
		if (id == null) {
			fail(field, "must be a UUID");
		}
		return id;
	}

	/** Distinct UUIDs, {@code min}..{@code max} of them; null when absent or sent as null. */
	@Nullable
	public List<UUID> uuids(String field, int min, int max, boolean required) {
		if (!present(field)) {
			if (required) {
				fail(field, "is required");
			}
			return null;
		}
		JsonNode value = value(field);
		if (!value.isArray()) {
			fail(field, "must be an array of UUIDs");
			return null;
		}
		if (value.size() < min || value.size() > max) {
			fail(field, "must hold " + min + " to " + max + " ids");
			return null;
		}
		Set<UUID> ids = new LinkedHashSet<>();
		int index = 0;
		for (JsonNode element : value.values()) {
			UUID id = parseUuid(element);
			if (id == null) {
				fail(field + "[" + index + "]", "must be a UUID");
				return null;
			}
			if (!ids.add(id)) {
				fail(field + "[" + index + "]", "repeats an id");
				return null;
			}
			index++;
		}
		return List.copyOf(ids);
	}

	@Nullable
	private static UUID parseUuid(JsonNode value) {
		if (!value.isString()) {
			return null;
		}
		try {
			String text = value.stringValue();
			UUID id = UUID.fromString(text);
			return id.toString().equalsIgnoreCase(text) ? id : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}

package dev.konfig.config.entry;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a config's value is; the value must be JSON of that kind. */
enum ValueType {

	STRING, NUMBER, BOOLEAN, SELECT, JSON;

	@JsonValue
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	@JsonCreator
	static ValueType of(String value) {
		for (ValueType type : values()) {
			if (type.value().equals(value)) {
				return type;
			}
		}
		throw new IllegalArgumentException("value_type must be one of string, number, boolean, select, json");
	}

}

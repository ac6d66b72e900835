package dev.konfig.config.history;

import java.util.Locale;

/** What a history row records. */
public enum ChangeType {

	CREATE, UPDATE, DELETE, ROLLBACK;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ChangeType of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}

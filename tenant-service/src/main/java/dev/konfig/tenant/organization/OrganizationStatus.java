package dev.konfig.tenant.organization;

import java.util.Locale;

/**
 * Whether an organization is in use. A column of its own (it used to be the free-form
 * {@code settings.is_active}), because auth-service acts on it through the organization events.
 */
enum OrganizationStatus {

	ACTIVE, INACTIVE;

	static OrganizationStatus of(boolean active) {
		return active ? ACTIVE : INACTIVE;
	}

	static OrganizationStatus parse(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/** As stored and as events carry it: {@code active} or {@code inactive}. */
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}

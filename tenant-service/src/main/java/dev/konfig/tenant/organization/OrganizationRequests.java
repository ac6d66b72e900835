package dev.konfig.tenant.organization;

/** Rules the request records share. */
final class OrganizationRequests {

	static final int DESCRIPTION_MAX = 2000;

	private OrganizationRequests() {
	}

	/** Names are stored trimmed, so " Acme " and "Acme" are the same name. */
	static String trim(String value) {
		return value == null ? null : value.strip();
	}

}

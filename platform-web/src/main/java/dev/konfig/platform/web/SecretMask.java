package dev.konfig.platform.web;

/**
 * How a secret looks wherever it is shown without being revealed: config values in lists and
 * history, passwords and keys in audit events, secret settings. One spelling for the whole suite,
 * so clients and the audit trail can recognise a masked value.
 */
public final class SecretMask {

	/** Stands in for any secret: says there is (or was) a value, never what it is. */
	public static final String VALUE = "********";

	private SecretMask() {
	}

}

package dev.konfig.platform.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a secret looks wherever it is shown without being revealed: config values in lists and
 * history, passwords and keys in audit events, secret settings. One spelling for the whole suite,
 * so clients and the audit trail can recognise a masked value.
 */
public final class SecretMask {

	/** Stands in for any secret: says there is (or was) a value, never what it is. */
	public static final String VALUE = "********";

	/**
	 * Names that announce a secret (any case, anywhere in the name): {@code secret},
	 * {@code password}, {@code passwd}, {@code token}, {@code api_key}/{@code apikey},
	 * {@code private_key}, {@code credential}.
	 */
	private static final Pattern SECRET_NAME = Pattern
		.compile("secret|password|passwd|token|api[_-]?key|private[_-]?key|credential");

	/**
	 * Whether a key of free-form JSON (settings, a shop's configuration) names a secret: such
	 * values are masked where they are shown, or refused where secrets do not belong.
	 */
	public static boolean namesASecret(String key) {
		return SECRET_NAME.matcher(key.toLowerCase(Locale.ROOT)).find();
	}

	private SecretMask() {
	}

}

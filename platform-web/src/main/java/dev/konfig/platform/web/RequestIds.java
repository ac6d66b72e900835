package dev.konfig.platform.web;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id: the client's own when it is sane, otherwise a new one. */
public final class RequestIds {

	/** The header every hop reads and writes. */
	public static final String HEADER = "X-Request-Id";

	/** The key under which the id sits in the Reactor context and in the logging MDC. */
	public static final String CONTEXT_KEY = "request_id";

	private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private RequestIds() {
	}

	public static String accept(String fromClient) {
		return (fromClient != null && SANE.matcher(fromClient).matches()) ? fromClient : UUID.randomUUID().toString();
	}

}

package dev.konfig.platform.web;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Carries the request id from the Reactor context into the logging MDC on whatever thread
 * runs the next step, so every log line of a request names it.
 */
class RequestIdMdcAccessor implements ThreadLocalAccessor<String> {

	@Override
	public Object key() {
		return RequestIds.CONTEXT_KEY;
	}

	@Override
	public String getValue() {
		return MDC.get(RequestIds.CONTEXT_KEY);
	}

	@Override
	public void setValue(String value) {
		MDC.put(RequestIds.CONTEXT_KEY, value);
	}

	@Override
	public void setValue() {
		MDC.remove(RequestIds.CONTEXT_KEY);
	}

}

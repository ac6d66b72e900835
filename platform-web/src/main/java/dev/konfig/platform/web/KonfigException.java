package dev.konfig.platform.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure the client caused or can act on. Subclasses fix the status; the message becomes
 * the problem's {@code detail}, so it must be safe to show to the caller.
 */
public abstract class KonfigException extends RuntimeException {

	private final List<FieldViolation> errors;

	protected KonfigException(String detail) {
		this(detail, List.of());
	}

	protected KonfigException(String detail, List<FieldViolation> errors) {
		super(detail, null, false, false);
		this.errors = List.copyOf(errors);
	}

	public abstract HttpStatus status();

	/** Field-level violations, rendered as the problem's {@code errors} member. */
	public List<FieldViolation> errors() {
		return this.errors;
	}

	/** Members of the problem beyond the platform's (the current {@code status} of a 409). */
	public Map<String, Object> properties() {
		return Map.of();
	}

	/** Headers the response must carry (for example {@code Retry-After}). */
	public HttpHeaders headers() {
		return HttpHeaders.EMPTY;
	}

}

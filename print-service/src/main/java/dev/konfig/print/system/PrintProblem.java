package dev.konfig.print.system;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.KonfigException;

/**
 * An answer that carries figures beyond the detail: a 409 with the job's current {@code status},
 * the open jobs' {@code count}, or a 422 naming the reference at fault.
 */
public class PrintProblem extends KonfigException {

	private final HttpStatus status;

	private final Map<String, Object> properties;

	public PrintProblem(HttpStatus status, String detail, List<FieldViolation> errors, Map<String, Object> properties) {
		super(detail, errors);
		this.status = status;
		this.properties = Map.copyOf(properties);
	}

	/** 409 with the properties that explain it. */
	public static PrintProblem conflict(String detail, Map<String, Object> properties) {
		return new PrintProblem(HttpStatus.CONFLICT, detail, List.of(), properties);
	}

	/** 409: the job is not in a state the action applies to (PJ-3). */
	public static PrintProblem wrongState(String action, String status) {
		return conflict("A " + status + " job cannot be " + action, Map.of("status", status));
	}

	/** 422 naming the field whose reference is unusable. */
	public static PrintProblem unprocessable(String field, String message) {
		return new PrintProblem(HttpStatus.UNPROCESSABLE_CONTENT, field + " " + message,
				List.of(new FieldViolation(field, message)), Map.of());
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	@Override
	public Map<String, Object> properties() {
		return this.properties;
	}

}

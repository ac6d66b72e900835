package dev.konfig.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** A write that must be conditional came without {@code If-Match} (428). */
public class PreconditionRequiredException extends KonfigException {

	public PreconditionRequiredException(String detail) {
		super(detail);
	}

	public PreconditionRequiredException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.PRECONDITION_REQUIRED;
	}

}

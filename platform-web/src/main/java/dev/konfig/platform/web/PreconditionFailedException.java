package dev.konfig.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** An {@code If-Match} precondition names a stale version (412). */
public class PreconditionFailedException extends KonfigException {

	public PreconditionFailedException(String detail) {
		super(detail);
	}

	public PreconditionFailedException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.PRECONDITION_FAILED;
	}

}

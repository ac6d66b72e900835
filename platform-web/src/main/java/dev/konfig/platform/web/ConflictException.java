package dev.konfig.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** The request conflicts with the current state, such as a duplicate name (409). */
public class ConflictException extends KonfigException {

	public ConflictException(String detail) {
		super(detail);
	}

	public ConflictException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.CONFLICT;
	}

}

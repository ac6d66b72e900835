package dev.konfig.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** The request is well formed but breaks a rule of the resource (422). */
public class UnprocessableException extends KonfigException {

	public UnprocessableException(String detail) {
		super(detail);
	}

	public UnprocessableException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.UNPROCESSABLE_CONTENT;
	}

}

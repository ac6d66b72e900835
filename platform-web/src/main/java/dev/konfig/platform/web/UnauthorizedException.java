package dev.konfig.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** The caller could not be authenticated (401). */
public class UnauthorizedException extends KonfigException {

	public UnauthorizedException(String detail) {
		super(detail);
	}

	public UnauthorizedException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.UNAUTHORIZED;
	}

}

package dev.konfig.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** The caller is known but not allowed to do this (403). */
public class ForbiddenException extends KonfigException {

	public ForbiddenException(String detail) {
		super(detail);
	}

	public ForbiddenException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.FORBIDDEN;
	}

}

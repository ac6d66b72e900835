package dev.konfig.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** The request is malformed or names something invalid (400). */
public class BadRequestException extends KonfigException {

	public BadRequestException(String detail) {
		super(detail);
	}

	public BadRequestException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.BAD_REQUEST;
	}

}

package dev.konfig.platform.web;

import java.util.List;

import org.springframework.http.HttpStatus;

/** A service this request depends on cannot be reached now (503). */
public class ServiceUnavailableException extends KonfigException {

	public ServiceUnavailableException(String detail) {
		super(detail);
	}

	public ServiceUnavailableException(String detail, List<FieldViolation> errors) {
		super(detail, errors);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.SERVICE_UNAVAILABLE;
	}

}

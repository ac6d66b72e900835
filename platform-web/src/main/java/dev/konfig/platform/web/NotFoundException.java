package dev.konfig.platform.web;

import org.springframework.http.HttpStatus;

/**
 * The resource does not exist for this caller. Resources of another organization answer
 * this too, so their existence never leaks.
 */
public class NotFoundException extends KonfigException {

	public NotFoundException(String resource, Object id) {
		super(resource + " '" + id + "' was not found");
	}

	public NotFoundException(String detail) {
		super(detail);
	}

	@Override
	public HttpStatus status() {
		return HttpStatus.NOT_FOUND;
	}

}

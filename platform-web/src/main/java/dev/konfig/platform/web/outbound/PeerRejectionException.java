package dev.konfig.platform.web.outbound;

import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.konfig.platform.web.FieldViolation;
import dev.konfig.platform.web.KonfigException;

/**
 * A peer service answered 4xx and the caller did not map the answer itself: passed on with
 * the same status, and the peer's {@code detail} and {@code errors} when it answered a
 * problem (every service of the suite does, and their details are safe by rule).
 */
public class PeerRejectionException extends KonfigException {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final HttpStatus status;

	public PeerRejectionException(HttpStatus status, String detail, List<FieldViolation> errors) {
		super(detail, errors);
		this.status = status;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	static PeerRejectionException of(String peer, WebClientResponseException response) {
		HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
		if (status == null) {
			status = HttpStatus.BAD_REQUEST;
		}
		Map<String, Object> problem = problemOf(response);
		Object detail = problem.get("detail");
		String text = (detail instanceof String given && !given.isBlank()) ? given
				: peer + " refused the request (" + status.value() + ")";
		return new PeerRejectionException(status, text, violationsOf(problem.get("errors")));
	}

	private static Map<String, Object> problemOf(WebClientResponseException response) {
		try {
			Map<String, Object> body = response.getResponseBodyAs(JSON_OBJECT);
			return (body != null) ? body : Map.of();
		}
		catch (RuntimeException notJson) {
			return Map.of();
		}
	}

	private static List<FieldViolation> violationsOf(Object errors) {
		if (!(errors instanceof List<?> list)) {
			return List.of();
		}
		return list.stream()
			.filter(Map.class::isInstance)
			.map(Map.class::cast)
			.map(error -> new FieldViolation(String.valueOf(error.get("field")), String.valueOf(error.get("message"))))
			.toList();
	}

}

package dev.konfig.platform.web;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.DisconnectedClientHelper;

import reactor.core.publisher.Mono;

/**
 * The one place where exceptions become RFC 9457 problem responses, in every service.
 * Framework errors keep Spring's status; details never carry stack traces or SQL.
 */
@RestControllerAdvice
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	@ExceptionHandler(KonfigException.class)
	public Mono<ResponseEntity<ProblemDetail>> handleKonfig(KonfigException ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(ex.status(), ex.getMessage(), path(exchange), ex.errors());
		ex.properties().forEach(problem::setProperty);
		return Mono.just(ResponseEntity.status(ex.status()).headers(ex.headers()).body(problem));
	}

	@ExceptionHandler(Exception.class)
	public Mono<ResponseEntity<ProblemDetail>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// The client went away (it gave up, or closed its connection): there is nobody to answer
			// and nothing went wrong here. Passed on, the framework logs it at debug level only, not
			// with a stack trace per abandoned request, which costs CPU when CPU is what is short.
			return Mono.error(ex);
		}
		log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(), path(exchange), ex);
		ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; the request id identifies it in the logs", path(exchange), List.of());
		return Mono.just(ResponseEntity.internalServerError().body(problem));
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		List<FieldViolation> errors = ex.getFieldErrors()
			.stream()
			.map(error -> new FieldViolation(error.getField(), error.getDefaultMessage()))
			.toList();
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "The request has invalid fields", path(exchange),
				errors);
		return Mono.just(ResponseEntity.badRequest().headers(headers).body(problem));
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		JsonInputProblem json = JsonInputProblem.of(ex);
		ProblemDetail problem = (json != null) ? json.toProblem(path(exchange))
				: Problems.of(HttpStatus.BAD_REQUEST, safeInputDetail(ex), path(exchange), List.of());
		return Mono.just(ResponseEntity.badRequest().headers(headers).body(problem));
	}

	@Override
	protected Mono<ResponseEntity<Object>> createResponseEntity(Object body, HttpHeaders headers,
			HttpStatusCode status, ServerWebExchange exchange) {
		if (body instanceof ProblemDetail problem && problem.getInstance() == null) {
			problem.setInstance(java.net.URI.create(path(exchange)));
		}
		return super.createResponseEntity(body, headers, status, exchange);
	}

	private static String safeInputDetail(ServerWebInputException ex) {
		if (ex.getMethodParameter() != null && ex.getMethodParameter().getParameterName() != null
				&& !ex.getMethodParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)) {
			return "Invalid value for '" + ex.getMethodParameter().getParameterName() + "'";
		}
		return "The request body is missing or is not valid JSON of the expected shape";
	}

	static String path(ServerWebExchange exchange) {
		return exchange.getRequest().getPath().value();
	}

}

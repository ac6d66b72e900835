package dev.konfig.platform.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Constraint violations that slip past a service's own checks (two concurrent creates of the
 * same name) are conflicts, not server errors. The SQL text is never shown.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DataAccessProblemHandler {

	@ExceptionHandler({ DataIntegrityViolationException.class, OptimisticLockingFailureException.class })
	public Mono<ResponseEntity<ProblemDetail>> handleConflict(RuntimeException ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT,
				"The change conflicts with the current state of the resource", ProblemExceptionHandler.path(exchange),
				List.of());
		return Mono.just(ResponseEntity.status(HttpStatus.CONFLICT).body(problem));
	}

}

package dev.konfig.platform.web;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Constraint violations that slip past a service's own checks (two concurrent creates of the
 * same name) are conflicts, not server errors. The SQL text is never shown.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DataAccessProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(DataAccessProblemHandler.class);

	@ExceptionHandler({ DataIntegrityViolationException.class, OptimisticLockingFailureException.class })
	public Mono<ResponseEntity<ProblemDetail>> handleConflict(RuntimeException ex, ServerWebExchange exchange) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT,
				"The change conflicts with the current state of the resource", ProblemExceptionHandler.path(exchange),
				List.of());
		return Mono.just(ResponseEntity.status(HttpStatus.CONFLICT).body(problem));
	}

	/**
	 * The database cannot be reached (restarting, failing over, pool exhausted): nothing was
	 * written, since every write is one transaction, so the client may simply try again.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			CannotCreateTransactionException.class })
	public Mono<ResponseEntity<ProblemDetail>> handleUnavailable(RuntimeException ex, ServerWebExchange exchange) {
		log.warn("Database unavailable: {}", ex.toString());
		ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
				"The service's database is unavailable; nothing was changed, try again shortly",
				ProblemExceptionHandler.path(exchange), List.of());
		return Mono.just(ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(problem));
	}

}

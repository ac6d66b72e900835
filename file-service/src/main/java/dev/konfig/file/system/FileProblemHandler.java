package dev.konfig.file.system;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.web.Problems;
import reactor.core.publisher.Mono;

/** Renders {@link FileProblem}s: the platform's problem shape with their extra members. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class FileProblemHandler {

	@ExceptionHandler(FileProblem.class)
	Mono<ResponseEntity<ProblemDetail>> handle(FileProblem problem, ServerWebExchange exchange) {
		HttpStatusCode status = HttpStatusCode.valueOf(problem.statusValue());
		ProblemDetail body = Problems.of(status, problem.getMessage(), exchange.getRequest().getPath().value(),
				problem.errors());
		problem.properties().forEach(body::setProperty);
		return Mono.just(ResponseEntity.status(status).headers(problem.headers()).body(body));
	}

}

package dev.konfig.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * The rule request bodies follow ({@link StrictJsonInput#isSafeText}) for the rest of what a
 * client sends as text: no decoded path segment, query parameter name or value may hold NUL,
 * another control character or an unpaired surrogate. Such a request is a 400 problem naming the
 * parameter before any handler runs, so a filter like {@code ?event_type=%00} never reaches
 * PostgreSQL (which cannot store or compare NUL) as a 500, and never a breaker as a failure.
 */
public class SafeRequestTargetWebFilter implements WebFilter, Ordered {

	private static final String RULE = "must not contain NUL, control characters or unpaired surrogates";

	private final ProblemResponseWriter problems;

	public SafeRequestTargetWebFilter(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		// After the request id (so the refusal is logged with it), before security and handlers.
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		List<FieldViolation> violations = violations(exchange);
		if (violations.isEmpty()) {
			return chain.filter(exchange);
		}
		return this.problems.write(exchange, Problems.of(HttpStatus.BAD_REQUEST, "The request's path or query holds "
				+ "characters the suite does not take", exchange.getRequest().getPath().value(), violations));
	}

	private static List<FieldViolation> violations(ServerWebExchange exchange) {
		List<FieldViolation> violations = new ArrayList<>();
		for (PathContainer.Element element : exchange.getRequest().getPath().pathWithinApplication().elements()) {
			if (element instanceof PathContainer.PathSegment segment && !StrictJsonInput.isSafeText(segment.valueToMatch())) {
				violations.add(new FieldViolation("path", RULE));
				break;
			}
		}
		for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
			String name = parameter.getKey();
			boolean safe = StrictJsonInput.isSafeText(name)
					&& parameter.getValue().stream().allMatch(value -> value == null || StrictJsonInput.isSafeText(value));
			if (!safe) {
				violations.add(new FieldViolation(StrictJsonInput.isSafeText(name) ? name : "query", RULE));
			}
		}
		return violations;
	}

}

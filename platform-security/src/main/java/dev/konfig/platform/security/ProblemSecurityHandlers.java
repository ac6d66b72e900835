package dev.konfig.platform.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import dev.konfig.platform.web.ProblemResponseWriter;
import reactor.core.publisher.Mono;

/** 401 and 403 answers of the security filters, as problem details like every other error. */
public class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	private final ProblemResponseWriter writer;

	public ProblemSecurityHandlers(ProblemResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		String detail = (ex instanceof AuthenticationCredentialsNotFoundException)
				? "Authentication is required" : "The access token or API key is invalid or expired";
		return this.writer.write(exchange, HttpStatus.UNAUTHORIZED, detail);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return this.writer.write(exchange, HttpStatus.FORBIDDEN,
				"The credentials' scopes do not allow this request");
	}

}

package dev.konfig.gateway.membership;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.konfig.platform.security.KonfigAuthentication;
import dev.konfig.platform.web.ProblemResponseWriter;
import dev.konfig.platform.web.ServiceUnavailableException;

/**
 * Runs after authentication: a user's verified token passes only while its organization and role
 * are the user's current membership at auth-service (see {@link CurrentMemberships}). A stale
 * token is a 401, so clients refresh (refresh re-reads the membership and issues the current
 * role) or sign in again. API-key and service tokens are not checked here: a key's validity is
 * auth-service's exchange check. When auth-service cannot be asked, the request fails closed
 * with 503, reads as well as writes: nobody can tell a removed user from a current one then.
 */
public class MembershipCheckWebFilter implements WebFilter {

	static final String STALE = "The token no longer reflects your membership; sign in or refresh";

	private final CurrentMemberships memberships;

	private final ProblemResponseWriter problems;

	public MembershipCheckWebFilter(CurrentMemberships memberships, ProblemResponseWriter problems) {
		this.memberships = memberships;
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(KonfigAuthentication.class::isInstance)
			.cast(KonfigAuthentication.class)
			.filter(authentication -> authentication.getPrincipal().isUser())
			.flatMap(authentication -> this.memberships.check(authentication.getPrincipal(),
					authentication.getToken().getTokenValue()))
			.defaultIfEmpty(CurrentMemberships.Verdict.CURRENT)
			.flatMap(verdict -> switch (verdict) {
				case CURRENT -> chain.filter(exchange);
				case STALE -> refuse(exchange);
				case UNAVAILABLE -> Mono.error(
						new ServiceUnavailableException("Memberships cannot be checked right now; try again shortly"));
			});
	}

	private Mono<Void> refuse(ServerWebExchange exchange) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
				"Bearer error=\"invalid_token\", error_description=\"membership changed\"");
		return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, STALE);
	}

}

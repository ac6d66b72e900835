package dev.konfig.gateway.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;

/**
 * The console's pages: public (the application holds no data; its API calls carry the token),
 * with a strict Content-Security-Policy. Its own security chain matches console paths only, so
 * the API's chain and its filters stay exactly as they were for {@code /api/**}.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

	/**
	 * Scripts only from the gateway's origin, no inline script, no eval; API calls only to the
	 * same origin; images also from blob: (thumbnails fetched with the token) and data: (the
	 * component library's icons). Styles allow inline attributes: the component library sets
	 * CSS variables in style attributes and one generated style element.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; font-src 'self'; connect-src 'self'; "
			+ "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@Bean
	ConsoleFiles consoleFiles() {
		return new ConsoleFiles(ConsoleConfiguration.class.getClassLoader());
	}

	@Bean
	ConsoleHandlerMapping consoleHandlerMapping(ConsoleFiles files) {
		return new ConsoleHandlerMapping(files);
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain consoleSecurityWebFilterChain(ServerHttpSecurity http) {
		return http.securityMatcher(ConsolePaths.MATCHER)
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
			.headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable)
				.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions(frame -> frame.mode(Mode.DENY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
			.build();
	}

}

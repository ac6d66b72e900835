package dev.konfig.platform.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The architecture's access rules in one place: health, API documentation and a service's
 * public paths are open; {@code /internal/**} needs the {@code internal} scope; safe methods
 * need {@code read} or {@code write}; everything else needs {@code write}. Paths a service
 * names in {@code konfig.security.scoped-paths} need their own scope instead, whatever the
 * method (a print agent's key: {@code print:agent} on agent paths and nothing elsewhere). Stateless, no
 * sessions, no CSRF (there are no cookies).
 */
public final class KonfigSecurity {

	private static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health", "/actuator/health/**",
			"/actuator/info", "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**");

	private KonfigSecurity() {
	}

	public static ServerHttpSecurity stateless(ServerHttpSecurity http, ProblemSecurityHandlers problems) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems));
	}

	/** Paths every service serves without a token: health, API documentation, its own public paths. */
	public static List<String> publicPaths(KonfigSecurityProperties properties) {
		List<String> paths = new ArrayList<>(ALWAYS_PUBLIC);
		paths.addAll(properties.publicPaths());
		return List.copyOf(paths);
	}

	/** The same paths as a matcher, for filters that must skip them. */
	public static ServerWebExchangeMatcher publicPathMatcher(KonfigSecurityProperties properties) {
		return ServerWebExchangeMatchers.pathMatchers(publicPaths(properties).toArray(String[]::new));
	}

	public static ServerHttpSecurity authorize(ServerHttpSecurity http, KonfigSecurityProperties properties) {
		return http.authorizeExchange(exchanges -> {
			exchanges.pathMatchers(HttpMethod.OPTIONS).permitAll();
			exchanges.pathMatchers(publicPaths(properties).toArray(String[]::new)).permitAll();
			exchanges.pathMatchers("/internal/**").hasAuthority("SCOPE_" + KonfigClaims.SCOPE_INTERNAL);
			properties.scopedPaths()
				.forEach((path, scope) -> exchanges.pathMatchers(path).hasAuthority("SCOPE_" + scope));
			exchanges.pathMatchers(HttpMethod.GET).hasAnyAuthority("SCOPE_" + KonfigClaims.SCOPE_READ,
					"SCOPE_" + KonfigClaims.SCOPE_WRITE);
			exchanges.pathMatchers(HttpMethod.HEAD).hasAnyAuthority("SCOPE_" + KonfigClaims.SCOPE_READ,
					"SCOPE_" + KonfigClaims.SCOPE_WRITE);
			exchanges.anyExchange().hasAuthority("SCOPE_" + KonfigClaims.SCOPE_WRITE);
		});
	}

	/** The whole default chain of a resource-server service. */
	public static ServerHttpSecurity resourceServer(ServerHttpSecurity http, KonfigSecurityProperties properties,
			ProblemSecurityHandlers problems) {
		stateless(http, problems);
		authorize(http, properties);
		return http.oauth2ResourceServer(server -> server.authenticationEntryPoint(problems)
			.accessDeniedHandler(problems)
			.jwt(jwt -> jwt.jwtAuthenticationConverter(new KonfigJwtAuthenticationConverter())));
	}

}

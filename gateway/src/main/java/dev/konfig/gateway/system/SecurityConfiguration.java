package dev.konfig.gateway.system;


import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

import dev.konfig.gateway.apikey.ApiKeyAuthenticationWebFilter;
import dev.konfig.gateway.apikey.ApiKeyTokens;
import dev.konfig.gateway.membership.CurrentMemberships;
import dev.konfig.gateway.membership.MembershipCheckWebFilter;
import dev.konfig.platform.security.KonfigJwtAuthenticationConverter;
import dev.konfig.platform.security.KonfigSecurity;
import dev.konfig.platform.security.KonfigSecurityProperties;
import dev.konfig.platform.security.ProblemSecurityHandlers;
import dev.konfig.platform.web.ProblemResponseWriter;
import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * The gateway's chain: the platform's rules (public paths, scopes per method, problem answers)
 * with two ways in, a bearer access token or an API key exchanged for one. Both end verified
 * by the platform's default decoder (auth-service's JWKS, RS256, issuer, audience, expiry).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	ApiKeyTokens apiKeyTokens(OutboundClients outbound, GatewayProperties properties) {
		return new ApiKeyTokens(outbound.client(ApiKeyTokens.OUTBOUND_CLIENT), properties);
	}

	@Bean
	CurrentMemberships currentMemberships(OutboundClients outbound, GatewayProperties properties) {
		return new CurrentMemberships(outbound.client(ApiKeyTokens.OUTBOUND_CLIENT), properties);
	}

	@Bean
	SecurityWebFilterChain gatewaySecurityWebFilterChain(ServerHttpSecurity http,
			KonfigSecurityProperties properties, ProblemSecurityHandlers problems, ReactiveJwtDecoder decoder,
			ApiKeyTokens apiKeyTokens, CurrentMemberships memberships, ProblemResponseWriter problemWriter) {
		KonfigSecurity.stateless(http, problems);
		KonfigSecurity.authorize(http, properties);
		// Credentials sent to public paths are not checked (a client refreshing with its expired
		// access token still attached must not get 401) and are removed before routing.
		ServerWebExchangeMatcher publicPaths = KonfigSecurity.publicPathMatcher(properties);
		http.addFilterAt(new ApiKeyAuthenticationWebFilter(apiKeyTokens, decoder, problems, publicPaths),
				SecurityWebFiltersOrder.AUTHENTICATION);
		ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
		http.oauth2ResourceServer(server -> server.authenticationEntryPoint(problems)
			.accessDeniedHandler(problems)
			.bearerTokenConverter(exchange -> publicPaths.matches(exchange)
				.flatMap(match -> match.isMatch() ? Mono.empty() : bearer.convert(exchange)))
			.jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(new KonfigJwtAuthenticationConverter())));
		// After every way in has authenticated, before the rules: a user's token must still match
		// the user's membership at auth-service (removals and demotions count within seconds).
		http.addFilterBefore(new MembershipCheckWebFilter(memberships, problemWriter),
				SecurityWebFiltersOrder.AUTHORIZATION);
		return http.build();
	}


}

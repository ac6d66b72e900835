package dev.konfig.platform.security;

import java.time.Clock;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

import dev.konfig.platform.web.ActorResolver;
import dev.konfig.platform.web.ProblemResponseWriter;
import dev.konfig.platform.web.RequestOrigin;
import dev.konfig.platform.web.UnauthorizedException;
import dev.konfig.platform.web.outbound.OutboundClients;

/**
 * Every service is a resource server of auth-service's tokens unless it declares its own
 * chain or decoder (auth-service verifies with its local keys, the gateway adds API keys).
 */
@AutoConfiguration(beforeName = {
		"org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration" },
		afterName = { "dev.konfig.platform.web.PlatformWebAutoConfiguration",
				"dev.konfig.platform.web.outbound.OutboundClientsAutoConfiguration" })
@EnableConfigurationProperties(KonfigSecurityProperties.class)
@EnableWebFluxSecurity
public class PlatformSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemSecurityHandlers problemSecurityHandlers(ProblemResponseWriter writer) {
		return new ProblemSecurityHandlers(writer);
	}

	/** The authenticated caller is the actor of {@link RequestOrigin} (and so of audit events). */
	@Bean
	@ConditionalOnMissingBean
	ActorResolver konfigActorResolver() {
		return () -> CurrentPrincipal.get()
			.map(principal -> new RequestOrigin.Actor(principal.subject(), principal.type().claim()))
			.onErrorResume(UnauthorizedException.class, ex -> Mono.empty());
	}

	/**
	 * The JWKS is fetched (and refetched for an unknown key id) with auth-service's outbound
	 * client; verified tokens are remembered until they expire ({@link VerifiedTokenCache}).
	 */
	@Bean
	@ConditionalOnMissingBean
	ReactiveJwtDecoder konfigJwtDecoder(KonfigSecurityProperties properties, OutboundClients outbound) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			// KONFIG_AUTH_URL may list auth-service's replicas: the client balances over them.
			.withJwkSetUri(outbound.address(ServiceCredentials.OUTBOUND_CLIENT, properties.jwksUri()))
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.webClient(outbound.client(ServiceCredentials.OUTBOUND_CLIENT).web())
			.build();
		decoder.setJwtValidator(KonfigJwtValidators.of(properties));
		return new VerifiedTokenCache(decoder, Duration.ofMinutes(5), 10_000, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	SecurityWebFilterChain konfigSecurityWebFilterChain(ServerHttpSecurity http, KonfigSecurityProperties properties,
			ProblemSecurityHandlers problems) {
		return KonfigSecurity.resourceServer(http, properties, problems).build();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnExpression("'${konfig.security.client.id:}' != ''")
	ServiceCredentials serviceCredentials(KonfigSecurityProperties properties, OutboundClients outbound) {
		KonfigSecurityProperties.Client client = properties.client();
		// KONFIG_AUTH_URL may list auth-service's replicas: the client balances over them.
		KonfigSecurityProperties.Client balanced = new KonfigSecurityProperties.Client(client.id(), client.secret(),
				outbound.address(ServiceCredentials.OUTBOUND_CLIENT, client.tokenUri()));
		return new ServiceCredentials(balanced, outbound.client(ServiceCredentials.OUTBOUND_CLIENT).web());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnExpression("'${konfig.security.client.id:}' != ''")
	PlatformAdministrators platformAdministrators(OutboundClients outbound, ServiceCredentials credentials) {
		return new PlatformAdministrators(outbound.client(ServiceCredentials.OUTBOUND_CLIENT), credentials);
	}

}

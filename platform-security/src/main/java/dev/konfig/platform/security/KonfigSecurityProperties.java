package dev.konfig.platform.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service verifies access tokens, and who it is when it calls others as itself.
 *
 * @param issuer the expected {@code iss}
 * @param audience the audience every token must name
 * @param jwksUri where auth-service publishes its public keys
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param publicPaths path patterns this service serves without a token
 * @param client this service's client credentials; empty id when it never calls as itself
 * @param scopedPaths path patterns that need one scope of their own whatever the method
 * ({@code /api/v1/print-agent/**: print:agent}); checked before the read/write rule, so a
 * token without that scope is refused there, and a token with only that scope is refused
 * everywhere else by the read/write rule
 */
@ConfigurationProperties("konfig.security")
public record KonfigSecurityProperties(@DefaultValue("konfig-auth") String issuer,
		@DefaultValue("konfig") String audience,
		@DefaultValue("http://localhost:8081/.well-known/jwks.json") String jwksUri,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue List<String> publicPaths, @DefaultValue Client client,
		@DefaultValue Map<String, String> scopedPaths) {

	/**
	 * OAuth2 client credentials of this service at auth-service.
	 *
	 * @param id client id; blank disables service calls
	 * @param secret client secret
	 * @param tokenUri auth-service's token endpoint
	 */
	public record Client(@DefaultValue("") String id, @DefaultValue("") String secret,
			@DefaultValue("http://localhost:8081/oauth2/token") String tokenUri) {
	}

}

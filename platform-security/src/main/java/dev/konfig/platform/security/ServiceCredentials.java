package dev.konfig.platform.security;

import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Calls made by a service as itself (not on a caller's behalf) carry a client-credentials
 * token from auth-service, fetched once and reused until shortly before it expires.
 */
public class ServiceCredentials {

	static final String REGISTRATION_ID = "konfig";

	private final ServerOAuth2AuthorizedClientExchangeFilterFunction filter;

	public ServiceCredentials(KonfigSecurityProperties.Client client) {
		ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId(client.id())
			.clientSecret(client.secret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope(KonfigClaims.SCOPE_INTERNAL)
			.tokenUri(client.tokenUri())
			.build();
		InMemoryReactiveClientRegistrationRepository registrations = new InMemoryReactiveClientRegistrationRepository(
				registration);
		AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
				registrations, new InMemoryReactiveOAuth2AuthorizedClientService(registrations));
		manager.setAuthorizedClientProvider(
				ReactiveOAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
		this.filter = new ServerOAuth2AuthorizedClientExchangeFilterFunction(manager);
		this.filter.setDefaultClientRegistrationId(REGISTRATION_ID);
	}

	/** Add to a {@code WebClient.Builder} whose calls must be made as this service. */
	public ExchangeFilterFunction filter() {
		return this.filter;
	}

}
